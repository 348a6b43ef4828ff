package org.meternet.installation.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.Topics;
import org.meternet.platform.outbox.Outbox;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.Eventually;

/**
 * The outbox relay (platform) in installation-service, against the real PostgreSQL and test broker: every event
 * reaches the broker in order, the relay's position follows, and each event's row is updated once (numbered), not
 * twice — a second update per row ("published") was WAL and vacuum under millions of registrations (issue 15).
 */
@QuarkusTest
class OutboxRelayTest {
    static final int EVENTS = 200;

    @Inject
    Outbox outbox;
    @Inject
    Pool pool;

    @Test
    void eachEventIsReleasedInOrderWithOneUpdateOfItsRow() {
        String subject = "relay-test-" + UUID.randomUUID();
        try (BrokerWatch watch = new BrokerWatch(Topics.eventsOf("installation"))) {
            Eventually.until("earlier events released", this::allReleased);
            long updatesBefore = settled("outbox");
            for (int i = 0; i < EVENTS; i++) {
                EventEnvelope e = EventEnvelope.of(EventType.DEVICE_STATUS_CHANGED, Instant.now(), "installation", subject, Map.of("n", i));
                pool.withTransaction(tx -> outbox.append(tx, e)).await().atMost(Duration.ofSeconds(10));
            }
            Eventually.until(EVENTS + " events on the broker", () -> ours(watch, subject) == EVENTS);
            Eventually.until("the relay's position at the last event", this::allReleased);
            assertThat(watch.received().stream().map(m -> m.payload().toString(StandardCharsets.UTF_8))
                    .filter(p -> p.contains(subject)).map(p -> p.replaceAll(".*\"n\":(\\d+).*", "$1")).map(Integer::parseInt))
                    .as("in the order written").isSorted();

            long updates = settled("outbox") - updatesBefore;
            assertThat(updates).as("row updates for " + EVENTS + " events").isEqualTo(EVENTS);
        }
    }

    private static long ours(BrokerWatch watch, String subject) {
        return watch.received().stream().filter(m -> m.payload().toString(StandardCharsets.UTF_8).contains(subject)).count();
    }

    private boolean allReleased() {
        return pool.query("select (select count(*) from outbox where sequence is null) = 0 and "
                + "(select published_up_to from outbox_relay) = (select coalesce(max(sequence), 0) from outbox) as done")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getBoolean("done");
    }

    /**
     * The table's updates as the statistics report them once every backend has flushed its own: a backend flushes at
     * most once a second while busy, and within 10 s once idle, so the figure is taken when it held for 11 s.
     */
    private long settled(String table) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long value = updates(table);
        long since = System.nanoTime();
        while (System.nanoTime() - since < Duration.ofSeconds(11).toNanos()) {
            assertThat(System.nanoTime()).as("statistics of " + table + " settled within 60 s").isLessThan(deadline);
            try {
                Thread.sleep(200); // the interval between reads, not a wait for the outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            long now = updates(table);
            if (now != value) {
                value = now;
                since = System.nanoTime();
            }
        }
        return value;
    }

    private long updates(String table) {
        return pool.query("select n_tup_upd from pg_stat_user_tables where relname = '" + table + "'")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n_tup_upd");
    }
}
