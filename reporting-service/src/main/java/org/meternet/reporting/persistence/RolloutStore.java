package org.meternet.reporting.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.SupplierChange;
import org.meternet.reporting.domain.RolloutChanges;
import org.meternet.reporting.domain.RolloutChanges.MeterSpan;
import org.meternet.reporting.domain.RolloutCube;

/**
 * The roll-out read model: commissioned smart meters with where, who and when, and the changes of the roll-out cube
 * they make (meter_change, premises_change), written in the same transaction.
 */
@ApplicationScoped
public class RolloutStore {
    /** The advisory lock every writer of the cube's changes holds to its commit. */
    static final long CUBE_LOCK = 0x6d6574657263L; // "meterc"

    private final Pool pool;

    public RolloutStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> apply(SqlClient tx, EventEnvelope event) {
        if (EventType.SUPPLIER_CHANGED.wireName().equals(event.type())) {
            return supplierChanged(tx, event.dataAs(SupplierChange.class));
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
        Uni<?> write = decommissioned
                ? tx.preparedQuery("update commissioned_meter set decommissioned_at = $2, source_sequence = $3 "
                        + "where device_id = $1 and source_sequence < $3")
                        .execute(Tuple.of(d.deviceId(), event.occurredAt().atOffset(ZoneOffset.UTC), event.sequence()))
                : tx.preparedQuery("""
                        insert into commissioned_meter (device_id, device_type, fuel, premises_id, local_authority_code, region_code,
                                                        supplier_org, smets_version, commissioned_at, source_sequence)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        on conflict (device_id) do update set commissioned_at = excluded.commissioned_at, decommissioned_at = null,
                            supplier_org = excluded.supplier_org, source_sequence = excluded.source_sequence
                        where commissioned_meter.source_sequence < excluded.source_sequence""")
                        .execute(Tuple.from(new Object[] {d.deviceId(), d.deviceType(), d.fuel(), d.premisesId(),
                                d.localAuthorityCode(), d.regionCode(), d.supplierOrg(),
                                d.smetsVersion() == null ? "SMETS2" : d.smetsVersion(),
                                event.occurredAt().atOffset(ZoneOffset.UTC), event.sequence()}));
        return tx.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(CUBE_LOCK))
                .chain(() -> premisesMeters(tx, d))
                .chain(before -> write.chain(() -> premisesMeters(tx, d))
                        .chain(after -> record(tx, RolloutChanges.cells(before, after), RolloutChanges.premises(before, after))));
    }

    private Uni<Void> supplierChanged(SqlClient tx, SupplierChange c) {
        return tx.preparedQuery("insert into supplier_change (device_id, effective_from, device_type, losing_supplier, "
                + "gaining_supplier) values ($1, $2, $3, $4, $5) on conflict do nothing")
                .execute(Tuple.of(c.deviceId(), c.effectiveFrom().atOffset(ZoneOffset.UTC), c.deviceType(), c.losingSupplier(),
                        c.gainingSupplier()))
                .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("insert into supplier_change_day values (($1::timestamptz at time zone 'Europe/London')::date, "
                                + "$2, $3, 1) on conflict (day, losing_supplier, gaining_supplier) "
                                + "do update set changes = supplier_change_day.changes + 1")
                                .execute(Tuple.of(c.effectiveFrom().atOffset(ZoneOffset.UTC), c.losingSupplier(), c.gainingSupplier()))
                                .replaceWithVoid());
    }

    /** The SMETS2 meters at the device's premises, as spans of GB days. */
    private Uni<List<MeterSpan>> premisesMeters(SqlClient tx, DeviceState d) {
        return tx.preparedQuery("""
                select device_id, local_authority_code, region_code, supplier_org, device_type, coalesce(fuel, 'unknown'),
                       (commissioned_at at time zone 'Europe/London')::date, (decommissioned_at at time zone 'Europe/London')::date
                from commissioned_meter where smets_version = 'SMETS2'
                  and premises_id = coalesce((select premises_id from commissioned_meter where device_id = $1), $2)""")
                .execute(Tuple.of(d.deviceId(), d.premisesId()))
                .map(rows -> {
                    List<MeterSpan> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new MeterSpan(r.getString(0), new RolloutCube.Cell(r.getString(1), r.getString(2), r.getString(3),
                                r.getString(4), r.getString(5)), r.getLocalDate(6), r.getLocalDate(7)));
                    }
                    return out;
                });
    }

    private static Uni<Void> record(SqlClient tx, List<RolloutCube.CellChange> cells, List<RolloutCube.PremisesChange> premises) {
        Uni<Void> done = Uni.createFrom().voidItem();
        if (!cells.isEmpty()) {
            done = done.chain(() -> tx.preparedQuery("insert into meter_change (day, local_authority_code, region_code, supplier_org, "
                    + "device_type, fuel, installs, removals) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                    .executeBatch(cells.stream().map(c -> Tuple.from(new Object[] {c.day(), c.cell().localAuthority(),
                            c.cell().region(), c.cell().supplier(), c.cell().deviceType(), c.cell().fuel(), c.installs(),
                            c.removals()})).toList())
                    .replaceWithVoid());
        }
        if (!premises.isEmpty()) {
            done = done.chain(() -> tx.preparedQuery("insert into premises_change (day, local_authority_code, region_code, premises) "
                    + "values ($1, $2, $3, $4)")
                    .executeBatch(premises.stream().map(p -> Tuple.of(p.day(), p.place().localAuthority(), p.place().region(),
                            p.premises())).toList())
                    .replaceWithVoid());
        }
        return done;
    }

    /**
     * Computes the cube's changes again from commissioned_meter, in SQL, after a bulk load or a restore; replicas start
     * their cubes again. Premises coverage follows {@link RolloutChanges}: runs of days with a meter in service, each
     * at the place of the meter that began it.
     */
    public Uni<Long> rebuildCube() {
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(CUBE_LOCK))
                .chain(() -> tx.query("delete from meter_change").execute())
                .chain(() -> tx.query("delete from premises_change").execute())
                .chain(() -> tx.query("""
                        insert into meter_change (day, local_authority_code, region_code, supplier_org, device_type, fuel, installs, removals)
                        select day, local_authority_code, region_code, supplier_org, device_type, fuel, sum(i), sum(r) from (
                            select (commissioned_at at time zone 'Europe/London')::date as day, local_authority_code, region_code,
                                   supplier_org, device_type, coalesce(fuel, 'unknown') as fuel, 1 as i, 0 as r
                            from commissioned_meter where smets_version = 'SMETS2'
                            union all
                            select (decommissioned_at at time zone 'Europe/London')::date, local_authority_code, region_code,
                                   supplier_org, device_type, coalesce(fuel, 'unknown'), 0, 1
                            from commissioned_meter where smets_version = 'SMETS2' and decommissioned_at is not null) m
                        group by 1, 2, 3, 4, 5, 6""").execute())
                .chain(() -> tx.query("""
                        insert into premises_change (day, local_authority_code, region_code, premises)
                        with spans as (
                            select premises_id, device_id, local_authority_code, region_code,
                                   (commissioned_at at time zone 'Europe/London')::date as s,
                                   coalesce((decommissioned_at at time zone 'Europe/London')::date, 'infinity'::date) as e
                            from commissioned_meter where smets_version = 'SMETS2'),
                        marked as (
                            select *, case when s <= max(e) over (partition by premises_id order by s, device_id
                                                                  rows between unbounded preceding and 1 preceding)
                                           then 0 else 1 end as starts
                            from spans where s < e),
                        runs as (
                            select *, sum(starts) over (partition by premises_id order by s, device_id rows unbounded preceding) as run
                            from marked),
                        coverage as (
                            select (array_agg(local_authority_code order by s, device_id))[1] as la,
                                   (array_agg(region_code order by s, device_id))[1] as region, min(s) as s, max(e) as e
                            from runs group by premises_id, run)
                        select day, la, region, sum(n) from (
                            select s as day, la, region, 1 as n from coverage
                            union all
                            select e, la, region, -1 from coverage where e <> 'infinity') c
                        group by 1, 2, 3 having sum(n) <> 0""").execute())
                .chain(() -> tx.query("update rollout_cube_generation set generation = generation + 1 returning generation").execute())
                .map(rows -> rows.iterator().next().getLong(0)));
    }
}
