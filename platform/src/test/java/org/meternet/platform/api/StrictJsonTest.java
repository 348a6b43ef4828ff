package org.meternet.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    record Premises(String postcode, String uprn) {
    }

    final ObjectMapper json = new ObjectMapper();

    StrictJsonTest() {
        new StrictJson().customize(json);
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> json.readValue("{\"postcode\":\"S44 6JJ\",\"postcode\":\"ME19 4AB\"}", Premises.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'postcode'");
    }

    @Test
    void deepNestingAndHugeStringsAreRefusedEarly() {
        assertThatThrownBy(() -> json.readTree("[".repeat(StrictJson.MAX_NESTING + 1) + "]".repeat(StrictJson.MAX_NESTING + 1)))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> json.readValue("{\"uprn\":\"" + "1".repeat(StrictJson.MAX_STRING + 1) + "\"}", Premises.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("String value length");
    }

    @Test
    void textWithAControlCharacterIsRefusedButLineBreaksPass() throws Exception {
        assertThatThrownBy(() -> json.readValue("{\"postcode\":\"S44\\u0000 6JJ\"}", Premises.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("U+0000");
        assertThat(json.readValue("{\"postcode\":\"S44 6JJ\",\"uprn\":\"-----BEGIN\\nCSR\\r\\n\\t\"}", Premises.class).uprn())
                .isEqualTo("-----BEGIN\nCSR\r\n\t");
        assertThat(json.readValue("{\"a\":\"b\"}", Map.class)).containsEntry("a", "b");
    }
}
