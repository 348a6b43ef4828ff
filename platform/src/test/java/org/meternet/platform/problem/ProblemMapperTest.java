package org.meternet.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {
    record Request(String srv, long counter) {
    }

    final ObjectMapper json = new ObjectMapper();

    String refusal(String body) {
        try {
            json.readValue(body, Request.class);
            throw new AssertionError("taken: " + body);
        } catch (JsonProcessingException e) {
            return ProblemMapper.readable(e);
        }
    }

    @Test
    void aRefusedBodyIsExplainedWithoutClassNamesOrParserInternals() {
        assertThat(refusal("[]")).isEqualTo("expected an object there");
        assertThat(refusal("{\"srv\":{}}")).isEqualTo("expected text there");
        assertThat(refusal("{\"srv\":\"4.1.1\",\"counter\":[1]}")).isEqualTo("expected a number there");
        String truncated = refusal("{\"srv\":\"4.1.1\",\"counter\":[1,");
        assertThat(truncated).doesNotContain("Source", "StreamReadFeature", "org.meternet", "JsonToken").isNotBlank();
        assertThat(refusal("{\"srv\":\"4.1.1\",\"counter\":\"many\"}")).doesNotContain("java.lang", "org.meternet");
    }
}
