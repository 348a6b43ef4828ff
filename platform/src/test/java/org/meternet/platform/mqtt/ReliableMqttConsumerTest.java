package org.meternet.platform.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.testing.Eventually;

/**
 * Against the real platform broker configuration (the test instance that `bin/meternet infra up`
 * starts on port 11884): what is not acknowledged comes back, what is acknowledged does not.
 */
class ReliableMqttConsumerTest {
    static final MqttEndpoint BROKER = MqttEndpoint.plain("127.0.0.1", Integer.getInteger("meternet.test-broker.port", 11884),
            "meternet-harness", "dev-meternet-harness");
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void aMessageWhoseEffectFailedIsRedeliveredAndAcknowledgedOnlyOnceItSucceeds() {
        String topic = "meternet/v1/test/" + UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        List<String> committed = new CopyOnWriteArrayList<>();
        ReliableMqttConsumer consumer = new ReliableMqttConsumer(vertx, BROKER, "test-consumer-" + UUID.randomUUID(), true,
                List.of(topic), 10, batch -> {
                    if (attempts.incrementAndGet() == 1) {
                        return Uni.createFrom().failure(new IllegalStateException("database unavailable"));
                    }
                    batch.forEach(m -> committed.add(m.payload().toString(StandardCharsets.UTF_8)));
                    return Uni.createFrom().voidItem();
                });
        MqttPublisher publisher = new MqttPublisher(vertx, BROKER, "test-publisher-" + UUID.randomUUID());
        try {
            consumer.start().await().atMost(Duration.ofSeconds(10));
            publisher.start().await().atMost(Duration.ofSeconds(10));
            publisher.publish(topic, "reading-1".getBytes(StandardCharsets.UTF_8)).await().atMost(Duration.ofSeconds(10));

            Eventually.until("reading-1 committed", () -> committed.contains("reading-1"));
            assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
            assertThat(committed).containsExactly("reading-1");

            publisher.publish(topic, "reading-2".getBytes(StandardCharsets.UTF_8)).await().atMost(Duration.ofSeconds(10));
            Eventually.until("reading-2 committed", () -> committed.contains("reading-2"));
            assertThat(committed).containsExactly("reading-1", "reading-2");
        } finally {
            consumer.retire().await().atMost(Duration.ofSeconds(10));
            publisher.stop();
        }
    }

    @Test
    void messagesPublishedWhileAPersistentConsumerIsDownWaitForIt() {
        String topic = "meternet/v1/test/" + UUID.randomUUID();
        String clientId = "test-persistent-" + UUID.randomUUID();
        List<String> received = new CopyOnWriteArrayList<>();
        ReliableMqttConsumer first = new ReliableMqttConsumer(vertx, BROKER, clientId, true, List.of(topic), 10,
                batch -> Uni.createFrom().voidItem());
        first.start().await().atMost(Duration.ofSeconds(10));
        first.stop();
        Eventually.until("the first consumer gone", () -> !first.isSubscribed());

        MqttPublisher publisher = new MqttPublisher(vertx, BROKER, "test-publisher-" + UUID.randomUUID());
        publisher.start().await().atMost(Duration.ofSeconds(10));
        for (int i = 0; i < 50; i++) {
            publisher.publish(topic, ("r" + i).getBytes(StandardCharsets.UTF_8)).await().atMost(Duration.ofSeconds(10));
        }
        publisher.stop();

        ReliableMqttConsumer again = new ReliableMqttConsumer(vertx, BROKER, clientId, true, List.of(topic), 10, batch -> {
            batch.forEach(m -> received.add(m.payload().toString(StandardCharsets.UTF_8)));
            return Uni.createFrom().voidItem();
        });
        try {
            again.start().await().atMost(Duration.ofSeconds(10));
            Eventually.until("50 queued messages", () -> received.size() >= 50);
            assertThat(received).hasSize(50).startsWith("r0").endsWith("r49");
        } finally {
            again.retire().await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void aRetiredConsumersSessionIsForgottenSoTheBrokerQueuesNothingForIt() {
        String clientId = "test-retired-" + UUID.randomUUID();
        ReliableMqttConsumer consumer = new ReliableMqttConsumer(vertx, BROKER, clientId, true,
                List.of("meternet/v1/test/" + UUID.randomUUID()), 10, batch -> Uni.createFrom().voidItem());
        consumer.start().await().atMost(Duration.ofSeconds(10));
        consumer.stop();
        Eventually.until("the consumer gone", () -> !consumer.isSubscribed());
        assertThat(sessionPresent(clientId)).as("a stopped consumer's session").isTrue();

        consumer.retire().await().atMost(Duration.ofSeconds(10));
        assertThat(sessionPresent(clientId)).as("a retired consumer's session").isFalse();
        new ReliableMqttConsumer(vertx, BROKER, clientId, true, List.of(), 1, b -> Uni.createFrom().voidItem())
                .retire().await().atMost(Duration.ofSeconds(10));
    }

    /** Whether the broker still holds a session for the client id (CONNACK's session-present flag). */
    static boolean sessionPresent(String clientId) {
        io.vertx.mqtt.MqttClient probe = io.vertx.mqtt.MqttClient.create(vertx, BROKER.options(clientId, false));
        boolean present = probe.connect(BROKER.port(), BROKER.host()).toCompletionStage().toCompletableFuture()
                .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join().isSessionPresent();
        probe.disconnect().toCompletionStage().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        return present;
    }

    @Test
    void withBatchesInParallelALaterBatchThatSucceedsIsNotAcknowledgedBeforeAnEarlierOneThatFailed() {
        String topic = "meternet/v1/test/" + UUID.randomUUID();
        AtomicInteger firstAttempts = new AtomicInteger();
        List<String> effects = new CopyOnWriteArrayList<>();
        // batches of one message, two at a time: "slow-1" fails once after "fast-2" succeeded
        ReliableMqttConsumer consumer = new ReliableMqttConsumer(vertx, BROKER, "test-pipelined-" + UUID.randomUUID(), true,
                List.of(topic), 1, 2, batch -> {
                    String body = batch.get(0).payload().toString(StandardCharsets.UTF_8);
                    if (body.equals("slow-1") && firstAttempts.incrementAndGet() == 1) {
                        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(300))
                                .chain(() -> Uni.createFrom().failure(new IllegalStateException("database unavailable")));
                    }
                    effects.add(body);
                    return Uni.createFrom().voidItem();
                });
        MqttPublisher publisher = new MqttPublisher(vertx, BROKER, "test-publisher-" + UUID.randomUUID());
        try {
            consumer.start().await().atMost(Duration.ofSeconds(10));
            publisher.start().await().atMost(Duration.ofSeconds(10));
            publisher.publish(topic, "slow-1".getBytes(StandardCharsets.UTF_8)).await().atMost(Duration.ofSeconds(10));
            publisher.publish(topic, "fast-2".getBytes(StandardCharsets.UTF_8)).await().atMost(Duration.ofSeconds(10));

            Eventually.until("slow-1 applied after its failure", () -> effects.contains("slow-1"));
            // fast-2 was held unacknowledged behind slow-1, so the broker delivered it again with slow-1
            Eventually.until("fast-2 redelivered", () -> effects.stream().filter("fast-2"::equals).count() == 2);
            assertThat(firstAttempts.get()).isGreaterThanOrEqualTo(2);
        } finally {
            consumer.retire().await().atMost(Duration.ofSeconds(10));
            publisher.stop();
        }
    }

    @Test
    void aPublishCompletesOnlyOnceTheBrokerAcknowledgedIt() {
        MqttPublisher publisher = new MqttPublisher(vertx, MqttEndpoint.plain("127.0.0.1", 1, "x", "y"), "unreachable");
        publisher.start(); // never connects: port 1 has no broker
        Throwable failure = publisher.publish("meternet/v1/test/x", new byte[] {1}).onItem().<Throwable>transform(v -> null)
                .onFailure().recoverWithItem(t -> t).await().atMost(Duration.ofSeconds(5));
        publisher.stop();
        assertThat(failure).isNotNull().hasMessageContaining("not connected");
    }

    /**
     * The broker does not bound what it sends to a subscriber that acknowledges in order (BrokerInFlightTest shows
     * why): the consumer stops reading from its socket past
     * its high-water mark and reads again once it has committed half, so what it holds stays bounded, and nothing is
     * lost or taken twice.
     */
    @Test
    void aSlowConsumerHoldsABoundedNumberOfMessagesWhateverTheBrokerHasQueued() {
        String topic = "meternet/v1/test/" + UUID.randomUUID();
        int n = 20_000;
        java.util.Set<String> committed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger effects = new AtomicInteger();
        ReliableMqttConsumer consumer = new ReliableMqttConsumer(vertx, BROKER, "test-slow-" + UUID.randomUUID(), false,
                List.of(topic), 100, 1, batch -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(20))
                        .invoke(() -> batch.forEach(m -> {
                            effects.incrementAndGet();
                            committed.add(m.payload().toString(StandardCharsets.UTF_8));
                        })));
        MqttPublisher publisher = new MqttPublisher(vertx, BROKER, "test-publisher-" + UUID.randomUUID());
        AtomicInteger peak = new AtomicInteger();
        long sampler = vertx.setPeriodic(20, t -> peak.accumulateAndGet(consumer.held(), Math::max));
        try {
            consumer.start().await().atMost(Duration.ofSeconds(10));
            publisher.start().await().atMost(Duration.ofSeconds(10));
            List<Uni<Void>> acks = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(publisher.publish(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
                if (acks.size() == 1000 || i == n - 1) {
                    Uni.join().all(acks).andFailFast().await().atMost(Duration.ofSeconds(30));
                    acks.clear();
                }
            }
            Eventually.until("every message committed", () -> committed.size() == n);
            assertThat(effects.get()).as("each message taken once").isEqualTo(n);
            // the high-water mark (1,000 here) plus what one read of the socket had already decoded
            System.out.printf("a slow consumer held at most %d of %d messages%n", peak.get(), n);
            assertThat(peak.get()).as("messages held at the most").isLessThanOrEqualTo(3_000);
        } finally {
            vertx.cancelTimer(sampler);
            consumer.stop();
            publisher.stop();
        }
    }
}
