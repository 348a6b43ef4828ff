package org.meternet.platform.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.testing.Eventually;

/** Instances counting each other through the test broker (the platform's configuration). */
class PresenceTest {
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    static Presence instance(String service, String id, AtomicLong clock) {
        return new Presence(vertx, ReliableMqttConsumerTest.BROKER, service, id, HEARTBEAT, clock::get);
    }

    @Test
    void instancesSeeEachOtherComeAndSayGoodbye() {
        String service = "test-" + UUID.randomUUID(); // no announcements of another run
        AtomicLong clock = new AtomicLong(System.nanoTime());
        Presence a = instance(service, "a", clock);
        Presence b = instance(service, "b", clock);
        try {
            a.start().await().atMost(Duration.ofSeconds(10));
            assertThat(a.instances()).as("alone").isEqualTo(1);
            b.start().await().atMost(Duration.ofSeconds(10));
            Eventually.until("a sees b", () -> a.instances() == 2);
            Eventually.until("b sees a from its retained announcement", () -> b.instances() == 2);
            b.stop();
            Eventually.until("b's goodbye reaches a", () -> a.instances() == 1);
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void anInstanceNotHeardFromForThreeHeartbeatsNoLongerCounts() {
        String service = "test-" + UUID.randomUUID();
        AtomicLong clockOfA = new AtomicLong(System.nanoTime());
        Presence a = instance(service, "a", clockOfA);
        Presence b = instance(service, "b", new AtomicLong(System.nanoTime()));
        try {
            a.start().await().atMost(Duration.ofSeconds(10));
            b.start().await().atMost(Duration.ofSeconds(10));
            Eventually.until("a sees b", () -> a.instances() == 2);
            // as if b had gone without a word (a broker restart loses its will) and 30 s had passed
            clockOfA.addAndGet(3 * HEARTBEAT.toNanos() + 1);
            assertThat(a.instances()).isEqualTo(1);
        } finally {
            a.stop();
            b.stop();
        }
    }
}
