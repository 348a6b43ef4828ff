package org.meternet.messaging.mqtt;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import org.meternet.messaging.persistence.SupplierRegistrations;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.platform.projection.DeviceProjectionFollower;

/** Keeps messaging-service's device projection, and who was registered supplier when, in step with installation-service's events. */
@Singleton
public class MessagingDeviceProjection extends DeviceProjectionFollower {
    private final SupplierRegistrations registrations;

    public MessagingDeviceProjection(MqttClients mqtt, Pool pool, DeviceProjection projection, SupplierRegistrations registrations) {
        super(mqtt, pool, projection, "messaging.device-projection");
        this.registrations = registrations;
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return super.apply(tx, event).chain(() -> registrations.apply(tx, event));
    }

    /** A batch in a few statements: the projection's and the registrations' rows are apart, so each table in turn. */
    @Override
    protected Uni<Void> applyAll(SqlConnection tx, java.util.List<EventEnvelope> events) {
        return super.applyAll(tx, events).chain(() -> registrations.applyAll(tx, events));
    }
}
