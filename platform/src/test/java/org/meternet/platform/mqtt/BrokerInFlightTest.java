package org.meternet.platform.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.testing.Eventually;

/**
 * Why the broker's {@code max_inflight_messages} (2,000 in the platform's configuration) did not bound what a slow
 * consumer held (issue 15; docs/decisions/0010): the platform's broker, Mosquitto 2.0.11, honours the limit while
 * nothing is acknowledged, but each PUBACK for the oldest message in flight lets a whole new window in
 * ({@code db__message_delete_outgoing} counts the slots to refill from the acknowledged message's position, not from
 * the number in flight). A consumer that acknowledges in order (ours) is therefore sent everything queued, and must
 * bound what it reads itself. If a broker upgrade fixes this, the second assertion fails and 0010 can be revisited.
 */
class BrokerInFlightTest {
    static final int BROKER_MAX_INFLIGHT = 2_000;
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
    void oneAcknowledgementOfTheOldestMessageLetsAWholeNewWindowIn() {
        String topic = "meternet/v1/test/" + UUID.randomUUID();
        List<MqttPublishMessage> received = new CopyOnWriteArrayList<>();
        // a clean session: the broker forgets it at disconnect
        MqttClient subscriber = MqttClient.create(vertx, ReliableMqttConsumerTest.BROKER.options("test-inflight-" + UUID.randomUUID(), true));
        subscriber.publishHandler(received::add);
        MqttPublisher publisher = new MqttPublisher(vertx, ReliableMqttConsumerTest.BROKER, "test-publisher-" + UUID.randomUUID());
        try {
            subscriber.connect(ReliableMqttConsumerTest.BROKER.port(), ReliableMqttConsumerTest.BROKER.host())
                    .compose(ack -> subscriber.subscribe(topic, MqttQoS.AT_LEAST_ONCE.value()))
                    .toCompletionStage().toCompletableFuture().join();
            publisher.start().await().atMost(Duration.ofSeconds(10));
            List<Uni<Void>> sends = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                sends.add(publisher.publish(topic, new byte[] {(byte) i}));
            }
            Uni.join().all(sends).andFailFast().await().atMost(Duration.ofSeconds(60));

            Eventually.until("a window's worth sent", () -> received.size() >= BROKER_MAX_INFLIGHT);
            assertThat(received).as("sent while nothing is acknowledged").hasSize(BROKER_MAX_INFLIGHT);

            received.get(0).ack();
            // a bounded window would send one more (2,000 held); Mosquitto 2.0.11 sends 2,000 more (3,999 held)
            Eventually.until("what one acknowledgement lets in", () -> received.size() >= 2 * BROKER_MAX_INFLIGHT);
            assertThat(received.size()).as("sent after one acknowledgement").isEqualTo(2 * BROKER_MAX_INFLIGHT);
        } finally {
            publisher.stop();
            if (subscriber.isConnected()) {
                subscriber.disconnect();
            }
        }
    }
}
