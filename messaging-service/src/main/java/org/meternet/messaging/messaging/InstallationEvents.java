package org.meternet.messaging.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import org.meternet.messaging.persistence.DeviceProjection;
import org.meternet.platform.consumer.EventFollower;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.mqtt.MqttClients;

/** Keeps the device projection in step with installation-service's events. */
@Singleton
public class InstallationEvents extends EventFollower {
    private final DeviceProjection projection;

    public InstallationEvents(MqttClients mqtt, Pool pool, DeviceProjection projection) {
        super(mqtt, pool);
        this.projection = projection;
    }

    @Override
    protected String source() {
        return "installation";
    }

    @Override
    protected String consumerName() {
        return "messaging.device-projection";
    }

    @Override
    protected int maxBatch() {
        return 200;
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return projection.apply(tx, event);
    }
}
