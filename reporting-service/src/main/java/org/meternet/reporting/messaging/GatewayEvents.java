package org.meternet.reporting.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import org.meternet.platform.consumer.EventFollower;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.reporting.persistence.ServiceRequestModel;

/** Builds the service-request read model from meter-gateway's events. */
@Singleton
public class GatewayEvents extends EventFollower {
    private final ServiceRequestModel requests;

    public GatewayEvents(MqttClients mqtt, Pool pool, ServiceRequestModel requests) {
        super(mqtt, pool);
        this.requests = requests;
    }

    @Override
    protected String source() {
        return "gateway";
    }

    @Override
    protected String consumerName() {
        return "reporting.service-requests";
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return requests.apply(tx, event);
    }
}
