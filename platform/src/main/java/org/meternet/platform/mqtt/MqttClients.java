package org.meternet.platform.mqtt;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Function;

/** Builds the service's MQTT clients from its configuration, each with a stable, distinct client id. */
@ApplicationScoped
public class MqttClients {
    private final Vertx vertx;
    private final MqttConfig config;

    public MqttClients(Vertx vertx, MqttConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    public MqttPublisher publisher(String role) {
        return new MqttPublisher(vertx, MqttEndpoint.from(config), config.clientId() + "-" + role);
    }

    public ReliableMqttConsumer consumer(String role, List<String> topicFilters, int maxBatch,
            Function<List<InboundMessage>, Uni<Void>> handler) {
        return new ReliableMqttConsumer(vertx, MqttEndpoint.from(config), config.clientId() + "-" + role, topicFilters,
                maxBatch, handler);
    }
}
