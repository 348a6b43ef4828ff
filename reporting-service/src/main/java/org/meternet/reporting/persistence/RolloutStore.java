package org.meternet.reporting.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;

/** The roll-out read model: commissioned smart meters with where, who and when. */
@ApplicationScoped
public class RolloutStore {
    private final Pool pool;

    public RolloutStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> apply(SqlClient tx, EventEnvelope event) {
        if (EventType.SUPPLIER_CHANGED.wireName().equals(event.type())) {
            org.meternet.platform.event.SupplierChange c = event.dataAs(org.meternet.platform.event.SupplierChange.class);
            return tx.preparedQuery("insert into supplier_change (device_id, effective_from, device_type, losing_supplier, "
                    + "gaining_supplier) values ($1, $2, $3, $4, $5) on conflict do nothing")
                    .execute(Tuple.of(c.deviceId(), c.effectiveFrom().atOffset(ZoneOffset.UTC), c.deviceType(), c.losingSupplier(),
                            c.gainingSupplier()))
                    .replaceWithVoid();
        }
        boolean commissioned = EventType.DEVICE_COMMISSIONED.wireName().equals(event.type());
        boolean decommissioned = EventType.DEVICE_DECOMMISSIONED.wireName().equals(event.type());
        if (!commissioned && !decommissioned) {
            return Uni.createFrom().voidItem();
        }
        DeviceState d = event.dataAs(DeviceState.class);
        if (!d.isMeter()) {
            return Uni.createFrom().voidItem();
        }
        if (decommissioned) {
            return tx.preparedQuery("update commissioned_meter set decommissioned_at = $2, source_sequence = $3 "
                    + "where device_id = $1 and source_sequence < $3")
                    .execute(Tuple.of(d.deviceId(), event.occurredAt().atOffset(ZoneOffset.UTC), event.sequence()))
                    .replaceWithVoid();
        }
        return tx.preparedQuery("""
                insert into commissioned_meter (device_id, device_type, fuel, premises_id, local_authority_code, region_code,
                                                supplier_org, smets_version, commissioned_at, source_sequence)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                on conflict (device_id) do update set commissioned_at = excluded.commissioned_at, decommissioned_at = null,
                    supplier_org = excluded.supplier_org, source_sequence = excluded.source_sequence
                where commissioned_meter.source_sequence < excluded.source_sequence""")
                .execute(Tuple.from(new Object[] {d.deviceId(), d.deviceType(), d.fuel(), d.premisesId(),
                        d.localAuthorityCode(), d.regionCode(), d.supplierOrg(),
                        d.smetsVersion() == null ? "SMETS2" : d.smetsVersion(),
                        event.occurredAt().atOffset(ZoneOffset.UTC), event.sequence()}))
                .replaceWithVoid();
    }

    public record Counts(long meters, long premises) {
    }

    /** SMETS2 meters in service at the instant, and the premises they are at, in one local authority. */
    public Uni<Counts> inService(String localAuthorityCode, Instant at) {
        return pool.preparedQuery("""
                select count(*) as meters, count(distinct premises_id) as premises from commissioned_meter
                where local_authority_code = $1 and smets_version = 'SMETS2' and commissioned_at <= $2
                  and (decommissioned_at is null or decommissioned_at > $2)""")
                .execute(Tuple.of(localAuthorityCode, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Counts(r.getLong("meters"), r.getLong("premises"));
                });
    }
}
