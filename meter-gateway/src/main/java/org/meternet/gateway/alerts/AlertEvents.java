package org.meternet.gateway.alerts;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.ZoneOffset;
import org.meternet.platform.consumer.EventFollower;
import org.meternet.platform.event.AlertRaised;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.mqtt.MqttClients;

/** Keeps messaging-service's alert.raised events for the users entitled to them (stream and webhooks read them). */
@Singleton
public class AlertEvents extends EventFollower {
    public AlertEvents(MqttClients mqtt, Pool pool) {
        super(mqtt, pool);
    }

    @Override
    protected String source() {
        return "messaging";
    }

    @Override
    protected String consumerName() {
        return "gateway.alerts";
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        if (!EventType.ALERT_RAISED.wireName().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        AlertRaised a = event.dataAs(AlertRaised.class);
        try {
            return tx.preparedQuery("insert into user_alert (alert_id, entitled_orgs, data, raised_at) values ($1, $2, $3::text::jsonb, $4) "
                    + "on conflict (alert_id) do nothing")
                    .execute(Tuple.of(a.alertId(), a.entitledOrgs() == null ? new String[0] : a.entitledOrgs().toArray(String[]::new),
                            EventCodec.MAPPER.writeValueAsString(a), event.occurredAt().atOffset(ZoneOffset.UTC)))
                    .replaceWithVoid();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
