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
    private final MqttReadiness readiness;

    public MqttClients(Vertx vertx, MqttConfig config, @org.eclipse.microprofile.health.Readiness MqttReadiness readiness) {
        this.vertx = vertx;
        this.config = config;
        this.readiness = readiness;
    }

    public MqttPublisher publisher(String role) {
        MqttPublisher p = new MqttPublisher(vertx, MqttEndpoint.from(config), config.clientId() + "-" + role);
        readiness.register(role, p::isConnected);
        return p;
    }

    /** This instance among the live instances of {@code service}, announced every {@code heartbeat}. */
    public Presence presence(String service, java.time.Duration heartbeat) {
        return new Presence(vertx, MqttEndpoint.from(config), service, config.clientId(), heartbeat, System::nanoTime);
    }

    public ReliableMqttConsumer consumer(String role, List<String> topicFilters, int maxBatch,
            Function<List<InboundMessage>, Uni<Void>> handler) {
        return consumer(role, topicFilters, maxBatch, 1, handler);
    }

    /** A consumer with several batches in progress at once; acknowledgements still go out in arrival order. */
    public ReliableMqttConsumer consumer(String role, List<String> topicFilters, int maxBatch, int maxConcurrentBatches,
            Function<List<InboundMessage>, Uni<Void>> handler) {
        ReliableMqttConsumer c = new ReliableMqttConsumer(vertx, MqttEndpoint.from(config), config.clientId() + "-" + role,
                config.persistentSessions(), topicFilters, maxBatch, maxConcurrentBatches, handler);
        readiness.register(role, c::isSubscribed);
        return c;
    }
}
