package org.meternet.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class EventConsumerTest {
    @Test
    void onlyWhatTheDatabaseRefusesForItsContentIsSetAsideNeverAnOutage() {
        assertThat(EventConsumer.refusedForItsContent(new PgException("null value in column", "ERROR", "23502", null))).isTrue();
        assertThat(EventConsumer.refusedForItsContent(new PgException("invalid byte sequence", "ERROR", "22021", null))).isTrue();
        assertThat(EventConsumer.refusedForItsContent(new RuntimeException(new PgException("duplicate key", "ERROR", "23505", null))))
                .as("found through its cause").isTrue();
        // an outage or a conflict is retried with the batch unacknowledged, never set aside
        assertThat(EventConsumer.refusedForItsContent(new PgException("could not serialize", "ERROR", "40001", null))).isFalse();
        assertThat(EventConsumer.refusedForItsContent(new PgException("the database system is shutting down", "FATAL", "57P03", null)))
                .isFalse();
        assertThat(EventConsumer.refusedForItsContent(new ConnectException("Connection refused"))).isFalse();
    }
}
