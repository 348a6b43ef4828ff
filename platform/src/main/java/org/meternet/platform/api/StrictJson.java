package org.meternet.platform.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies are read strictly by every service: a key given twice is an error, not "the last one wins" (two
 * parsers along the way could each take a different one), and nesting and string lengths are bounded far below
 * Jackson's defaults, so a hostile body costs little before it is refused with 400 INVALID_JSON.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    /** Deeper than any body of the API needs (a bulk installation line is about five levels deep). */
    public static final int MAX_NESTING = 32;
    /** Longer than any field of the API needs (a CSR in PEM is about 1 kB). */
    public static final int MAX_STRING = 64 * 1024;

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** The same rules for a mapper made outside CDI (the event codec, tools). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_STRING).build());
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        return mapper;
    }
}
