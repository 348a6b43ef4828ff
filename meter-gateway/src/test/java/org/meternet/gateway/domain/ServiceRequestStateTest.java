package org.meternet.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.meternet.platform.problem.ProblemException;

class ServiceRequestStateTest {
    @Test
    void aRequestGoesForwardOnlyAndEndsOnce() {
        assertThat(ServiceRequestState.QUEUED.mayBecome(ServiceRequestState.SENT)).isTrue();
        assertThat(ServiceRequestState.SENT.mayBecome(ServiceRequestState.SUCCEEDED)).as("an answer may overtake its ack").isTrue();
        assertThat(ServiceRequestState.DELIVERED.mayBecome(ServiceRequestState.SENT)).isFalse();
        assertThat(ServiceRequestState.SUCCEEDED.mayBecome(ServiceRequestState.FAILED)).isFalse();
        assertThat(ServiceRequestState.DELIVERED.mayBecome(ServiceRequestState.DELIVERED)).as("a repeated ack").isFalse();
        assertThat(ServiceRequestState.SENT.mayBecome(ServiceRequestState.TIMED_OUT)).as("only a delivered request times out")
                .isFalse();
        assertThat(ServiceRequestState.DELIVERED.mayBecome(ServiceRequestState.EXPIRED)).as("a delivered one no longer expires")
                .isFalse();
        assertThat(ServiceRequestState.TIMED_OUT.terminal()).isTrue();
        assertThat(ServiceRequestState.TIMED_OUT.responseCode()).isEqualTo("E21");
        assertThat(ServiceRequestState.SENT.responseCode()).isEqualTo("I99");
    }

    @Test
    void aRequestIdIsOriginatorTargetAndCounter() {
        RequestId id = RequestId.parse("bright-energy:00-DB-12-34-56-78-90-A0:1042");
        assertThat(id).isEqualTo(new RequestId("bright-energy", "00-DB-12-34-56-78-90-A0", 1042));
        assertThat(id.toString()).isEqualTo("bright-energy:00-DB-12-34-56-78-90-A0:1042");
        assertThatThrownBy(() -> RequestId.parse("bright-energy:1042")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> new RequestId("bright-energy", "x", 0)).isInstanceOf(ProblemException.class);
    }
}
