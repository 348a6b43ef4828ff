package org.meternet.platform.testing;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.meternet.platform.mqtt.InboundMessage;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.platform.mqtt.MqttPublisher;
import org.meternet.platform.mqtt.ReliableMqttConsumer;

/**
 * The test broker seen from outside a service, on the harness account: records what arrives on a
 * topic filter and publishes as any party would.
 */
public final class BrokerWatch implements AutoCloseable {
    public static final int TEST_BROKER_PORT = Integer.getInteger("meternet.test-broker.port", 11884);
    public static final MqttEndpoint HARNESS = MqttEndpoint.plain("127.0.0.1", TEST_BROKER_PORT, "meternet-harness",
            "dev-meternet-harness");

    private final Vertx vertx = Vertx.vertx();
    private final List<InboundMessage> received = new CopyOnWriteArrayList<>();
    private final ReliableMqttConsumer consumer;
    private final MqttPublisher publisher;

    public BrokerWatch(String topicFilter) {
        consumer = new ReliableMqttConsumer(vertx, HARNESS, "watch-" + UUID.randomUUID(), false, List.of(topicFilter), 100,
                batch -> {
                    received.addAll(batch);
                    return Uni.createFrom().voidItem();
                });
        consumer.start().await().atMost(Duration.ofSeconds(10));
        publisher = new MqttPublisher(vertx, HARNESS, "watch-pub-" + UUID.randomUUID());
        publisher.start().await().atMost(Duration.ofSeconds(10));
    }

    public List<InboundMessage> received() {
        return List.copyOf(received);
    }

    /** Publishes at QoS 1 and waits for the broker's PUBACK. */
    public void publish(String topic, byte[] payload) {
        publisher.publish(topic, payload).await().atMost(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        consumer.stop();
        publisher.stop();
        vertx.close();
    }
}
