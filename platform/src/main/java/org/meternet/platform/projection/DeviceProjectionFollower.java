package org.meternet.platform.projection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.meternet.platform.consumer.EventFollower;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.mqtt.MqttClients;

/**
 * Keeps a service's device projection in step with installation-service's events. A service that keeps one
 * declares a bean of its own extending this (so that services without the table follow nothing).
 */
public abstract class DeviceProjectionFollower extends EventFollower {
    private final DeviceProjection projection;
    private final String consumerName;

    protected DeviceProjectionFollower(MqttClients mqtt, Pool pool, DeviceProjection projection, String consumerName) {
        super(mqtt, pool);
        this.projection = projection;
        this.consumerName = consumerName;
    }

    @Override
    protected String source() {
        return "installation";
    }

    @Override
    protected String consumerName() {
        return consumerName;
    }

    @Override
    protected int maxBatch() {
        return 200;
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return projection.apply(tx, event);
    }

    @Override
    protected Uni<Void> applyAll(SqlConnection tx, java.util.List<EventEnvelope> events) {
        return projection.applyAll(tx, events);
    }
}
