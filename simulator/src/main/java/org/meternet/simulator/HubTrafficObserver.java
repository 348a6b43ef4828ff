package org.meternet.simulator;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.platform.mqtt.ReliableMqttConsumer;

/** Watches what the broker lets through from hubs, on the harness account (clean session). */
public final class HubTrafficObserver implements AutoCloseable {
    private final List<String> topicsSeen = new CopyOnWriteArrayList<>();
    private final ReliableMqttConsumer consumer;

    public HubTrafficObserver(Vertx vertx, Endpoints endpoints) {
        MqttEndpoint harness = MqttEndpoint.plain(endpoints.brokerHost(), endpoints.brokerPort(), "meternet-harness",
                "dev-meternet-harness");
        consumer = new ReliableMqttConsumer(vertx, harness, "observer-" + System.nanoTime(), false,
                List.of("meternet/v1/hubs/+/up/#"), 100, batch -> {
                    batch.forEach(m -> topicsSeen.add(m.topic()));
                    return Uni.createFrom().voidItem();
                });
        consumer.start().await().atMost(Duration.ofSeconds(10));
    }

    /** The topics seen so far, in arrival order. */
    public List<String> topicsSeen() {
        return List.copyOf(topicsSeen);
    }

    @Override
    public void close() {
        consumer.stop();
    }
}
