package org.meternet.platform.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Request bodies are read strictly by every service: a key given twice is an error, not "the last one wins" (two
 * parsers along the way could each take a different one), text holds no control characters, and nesting and string
 * lengths are bounded far below Jackson's defaults, so a hostile body costs little before it is refused with 400
 * INVALID_JSON.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    /** Deeper than any body of the API needs (a bulk installation line is about five levels deep). */
    public static final int MAX_NESTING = 32;
    /** Longer than any field of the API needs (a CSR in PEM is about 1 kB). */
    public static final int MAX_STRING = 64 * 1024;

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper).registerModule(new SimpleModule("meternet-printable-text").addDeserializer(String.class, new PrintableText()));
    }

    /**
     * The same rules but for text, for a mapper made outside CDI (the event codec, which also reads hubs' messages:
     * one the database refuses is parked by the ingestor on its own, and text is checked by the API bodies' mapper).
     */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_STRING).build());
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        return mapper;
    }

    /**
     * Text members may not hold control characters other than tab and line breaks (a PEM has those): PostgreSQL
     * refuses NUL in text, and no field of the API needs the others. Refused as INVALID_JSON with the field's path.
     */
    static final class PrintableText extends StdScalarDeserializer<String> {
        PrintableText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = StringDeserializer.instance.deserialize(p, ctxt);
            if (text != null) {
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                        throw MismatchedInputException.from(p, String.class,
                                "a text member holds a control character (U+" + String.format("%04X", (int) c) + ")");
                    }
                }
            }
            return text;
        }
    }
}
