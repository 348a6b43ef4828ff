package org.meternet.platform.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.testing.Eventually;

/** Against the test broker (`bin/meternet infra up`, port 11884, the platform's configuration). */
class MqttPublisherTest {
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    /**
     * The outbox relay pipelines a whole batch on one connection: past the client's in-flight window the Vert.x
     * client refused each publish ("Attempt to exceed the limit of N inflight messages"), and a backlog was sent
     * again and again. Publishes past the window wait for a PUBACK instead, and all arrive, in order.
     */
    @Test
    void publishesBeyondTheInFlightLimitWaitTheirTurnAndAreAllAcknowledged() {
        MqttEndpoint broker = ReliableMqttConsumerTest.BROKER;
        MqttEndpoint narrow = new MqttEndpoint(broker.host(), broker.port(), broker.username(), broker.password(),
                Optional.empty(), Optional.empty(), Optional.empty(), 10);
        String topic = "meternet/v1/test/" + UUID.randomUUID();
        int n = 2_000;
        List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        ReliableMqttConsumer consumer = new ReliableMqttConsumer(vertx, broker, "test-window-" + UUID.randomUUID(), false,
                List.of(topic), 100, batch -> {
                    batch.forEach(m -> received.add(m.payload().toString(StandardCharsets.UTF_8)));
                    return Uni.createFrom().voidItem();
                });
        MqttPublisher publisher = new MqttPublisher(vertx, narrow, "test-publisher-" + UUID.randomUUID());
        try {
            consumer.start().await().atMost(Duration.ofSeconds(10));
            publisher.start().await().atMost(Duration.ofSeconds(10));
            List<Uni<Void>> sends = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sends.add(publisher.publish(topic, ("e" + i).getBytes(StandardCharsets.UTF_8)));
            }
            Set<String> failures = ConcurrentHashMap.newKeySet();
            Uni.join().all(sends.stream().map(u -> u.onFailure().invoke(f -> failures.add(f.getMessage()))
                    .onFailure().recoverWithNull()).toList()).andCollectFailures().await().atMost(Duration.ofSeconds(30));
            assertThat(failures).as("publishes refused").isEmpty();

            Eventually.until("all " + n + " delivered", () -> received.size() >= n);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add("e" + i);
            }
            assertThat(received).containsExactlyElementsOf(expected);
        } finally {
            consumer.stop();
            publisher.stop();
        }
    }
}
