package org.meternet.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.stream.Collectors;

/** The member of a JSON document a parser refused, in the form problems name fields: {@code devices[0].deviceId}. */
public final class JsonField {
    private JsonField() {
    }

    /** The refused member, or null when the document was refused as a whole (not JSON, too deep...). */
    public static String of(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return null;
        }
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
