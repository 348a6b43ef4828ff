package org.meternet.reporting.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import org.meternet.platform.consumer.EventFollower;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.reporting.persistence.TrafficModel;

/** Builds the traffic read model from messaging-service's events. */
@Singleton
public class MessagingEvents extends EventFollower {
    private final TrafficModel traffic;

    public MessagingEvents(MqttClients mqtt, Pool pool, TrafficModel traffic) {
        super(mqtt, pool);
        this.traffic = traffic;
    }

    @Override
    protected String source() {
        return "messaging";
    }

    @Override
    protected String consumerName() {
        return "reporting.traffic";
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return traffic.apply(tx, event);
    }
}
