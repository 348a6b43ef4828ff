package org.meternet.reporting.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import org.meternet.platform.consumer.EventFollower;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.reporting.persistence.RolloutStore;

/** Builds the roll-out read model from installation-service's events. */
@Singleton
public class RolloutFromInventoryEvents extends EventFollower {
    private final RolloutStore rollout;

    public RolloutFromInventoryEvents(MqttClients mqtt, Pool pool, RolloutStore rollout) {
        super(mqtt, pool);
        this.rollout = rollout;
    }

    @Override
    protected String source() {
        return "installation";
    }

    @Override
    protected String consumerName() {
        return "reporting.rollout";
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return rollout.apply(tx, event);
    }
}
