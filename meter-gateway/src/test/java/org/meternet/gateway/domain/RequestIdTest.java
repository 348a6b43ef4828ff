package org.meternet.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.problem.ProblemException;

class RequestIdTest {
    static JsonNode json(String text) throws Exception {
        return EventCodec.MAPPER.readTree("{\"counter\": " + text + "}").get("counter");
    }

    @Test
    void aCounterIsAWholeNumberFromOneToTwoToTheFiftyThreeMinusOne() throws Exception {
        assertThat(RequestId.counterOf(null)).isNull();
        assertThat(RequestId.counterOf(json("null"))).isNull();
        assertThat(RequestId.counterOf(json("1"))).isEqualTo(1L);
        assertThat(RequestId.counterOf(json("9007199254740991"))).isEqualTo(RequestId.MAX_COUNTER);
        for (String bad : new String[] {"0", "-1", "9007199254740992", "9223372036854775807", "9223372036854775808",
                "1e30", "1.5", "2.0", "\"7\"", "true", "[]"}) {
            assertThatThrownBy(() -> RequestId.counterOf(json(bad))).as(bad).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("INVALID_COUNTER");
                assertThat(e.field()).isEqualTo("counter");
            });
        }
    }

    @Test
    void anIdIsReadOnlyInTheFormItIsWritten() {
        RequestId id = RequestId.parse("bright-energy:00-DB-00-00-00-00-00-A1:42");
        assertThat(id).isEqualTo(new RequestId("bright-energy", "00-DB-00-00-00-00-00-A1", 42));
        for (String other : new String[] {"bright-energy:00-DB-00-00-00-00-00-A1:+42", "bright-energy:00-DB-00-00-00-00-00-A1:042",
                "bright-energy:00-DB-00-00-00-00-00-A1:0", "bright-energy:00-DB-00-00-00-00-00-A1:9007199254740992",
                ":00-DB-00-00-00-00-00-A1:42", "bright-energy::42", "bright-energy:00-DB-00-00-00-00-00-A1:42:",
                "a:b:c:1", "bright-energy:00-DB-00-00-00-00-00-A1:-1", null}) {
            assertThatThrownBy(() -> RequestId.parse(other)).as(String.valueOf(other)).isInstanceOf(ProblemException.class);
        }
    }
}
