package org.meternet.messaging.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.meternet.messaging.domain.RegistrationHistory;
import org.meternet.messaging.domain.RegistrationHistory.Registration;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.SupplierChange;

/**
 * The registered supplier of each device over time (table device_supplier), kept from installation-service's events
 * beside the device projection, which knows only the supplier of now and a change dated ahead.
 */
@ApplicationScoped
public class SupplierRegistrations {
    private final Pool pool;

    public SupplierRegistrations(Pool pool) {
        this.pool = pool;
    }

    /**
     * Applies an installation event (live or replayed: the same rules). A device event names the supplier the SMI
     * registers now; it stands for the device's first registration while no change of supplier is known. A change of
     * supplier registers the gaining supplier from its effective time, replacing any registration dated at or after it
     * and any still ahead (installation-service keeps at most one change ahead, and a new change replaces it). An
     * event older than one a row was recorded from changes nothing. A change for a device with no registration before
     * it (its device events not seen) also records the losing supplier as the one before.
     */
    public Uni<Void> apply(SqlClient tx, EventEnvelope event) {
        if (EventType.SUPPLIER_CHANGED.wireName().equals(event.type())) {
            SupplierChange c = event.dataAs(SupplierChange.class);
            if (c.deviceId() == null || c.gainingSupplier() == null || c.effectiveFrom() == null) {
                return Uni.createFrom().voidItem();
            }
            OffsetDateTime from = c.effectiveFrom().atOffset(ZoneOffset.UTC);
            return tx.preparedQuery("""
                    delete from device_supplier where device_id = $1 and (effective_from >= $2 or effective_from > now())
                        and not exists (select 1 from device_supplier where device_id = $1 and source_sequence > $3)""")
                    .execute(Tuple.of(c.deviceId(), from, event.sequence()))
                    .chain(() -> tx.preparedQuery("""
                            insert into device_supplier (device_id, effective_from, supplier_org, source_sequence)
                            select $1, $2, $3, $4
                            where not exists (select 1 from device_supplier where device_id = $1 and source_sequence > $4)
                            on conflict (device_id, effective_from) do update set supplier_org = excluded.supplier_org,
                                source_sequence = excluded.source_sequence""")
                            .execute(Tuple.of(c.deviceId(), from, c.gainingSupplier(), event.sequence())))
                    .chain(() -> c.losingSupplier() == null ? Uni.createFrom().nullItem() : tx.preparedQuery("""
                            insert into device_supplier (device_id, effective_from, supplier_org, source_sequence)
                            select $1, '-infinity', $3, 0
                            where not exists (select 1 from device_supplier where device_id = $1 and effective_from < $2)
                            on conflict (device_id, effective_from) do nothing""")
                            .execute(Tuple.of(c.deviceId(), from, c.losingSupplier())))
                    .replaceWithVoid();
        }
        if (!event.type().startsWith("device.")) {
            return Uni.createFrom().voidItem();
        }
        DeviceState d = event.dataAs(DeviceState.class);
        if (d.deviceId() == null || d.supplierOrg() == null) {
            return Uni.createFrom().voidItem();
        }
        // the first registration, while it is the only one known
        return tx.preparedQuery("""
                insert into device_supplier (device_id, effective_from, supplier_org, source_sequence)
                select $1, '-infinity', $2, $3
                where not exists (select 1 from device_supplier where device_id = $1 and effective_from > '-infinity')
                on conflict (device_id, effective_from) do update set supplier_org = excluded.supplier_org,
                    source_sequence = excluded.source_sequence
                where device_supplier.source_sequence <= excluded.source_sequence""")
                .execute(Tuple.of(d.deviceId(), d.supplierOrg(), event.sequence()))
                .replaceWithVoid();
    }

    /**
     * Applies a batch of installation events in order, to the same end as {@link #apply} on each: a run of device
     * events in one statement (each device's newest event of the run decides its first registration, as applying them
     * one after another would), a change of supplier on its own between the runs before and after it.
     */
    public Uni<Void> applyAll(SqlClient tx, List<EventEnvelope> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<EventEnvelope> run = new ArrayList<>();
        for (EventEnvelope e : events) {
            if (e.type().startsWith("device.")) {
                run.add(e);
            } else {
                List<EventEnvelope> before = run;
                chain = chain.chain(() -> firstRegistrations(tx, before)).chain(() -> apply(tx, e));
                run = new ArrayList<>();
            }
        }
        List<EventEnvelope> last = run;
        return chain.chain(() -> firstRegistrations(tx, last));
    }

    private Uni<Void> firstRegistrations(SqlClient tx, List<EventEnvelope> deviceEvents) {
        Map<String, Object[]> newest = new java.util.LinkedHashMap<>();
        for (EventEnvelope e : deviceEvents) {
            DeviceState d = e.dataAs(DeviceState.class);
            if (d.deviceId() != null && d.supplierOrg() != null) {
                newest.merge(d.deviceId(), new Object[] {d.supplierOrg(), e.sequence()},
                        (a, b) -> (long) b[1] > (long) a[1] ? b : a);
            }
        }
        if (newest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("""
                insert into device_supplier (device_id, effective_from, supplier_org, source_sequence)
                select u.device_id, '-infinity', u.supplier_org, u.source_sequence
                from unnest($1::text[], $2::text[], $3::bigint[]) as u(device_id, supplier_org, source_sequence)
                where not exists (select 1 from device_supplier x where x.device_id = u.device_id and x.effective_from > '-infinity')
                on conflict (device_id, effective_from) do update set supplier_org = excluded.supplier_org,
                    source_sequence = excluded.source_sequence
                where device_supplier.source_sequence <= excluded.source_sequence""")
                .execute(Tuple.of(newest.keySet().toArray(String[]::new),
                        newest.values().stream().map(v -> (String) v[0]).toArray(String[]::new),
                        newest.values().stream().map(v -> (Long) v[1]).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    public Uni<RegistrationHistory> of(String deviceId) {
        return ofAll(pool, List.of(deviceId)).map(all -> all.getOrDefault(deviceId, new RegistrationHistory(List.of())));
    }

    /** The histories of these devices, in one query; a device without any is absent. */
    public Uni<Map<String, RegistrationHistory>> ofAll(SqlClient client, Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("select device_id, nullif(effective_from, '-infinity') as effective_from, supplier_org "
                + "from device_supplier where device_id = any($1)")
                .execute(Tuple.of(deviceIds.toArray(String[]::new)))
                .map(SupplierRegistrations::histories);
    }

    private static Map<String, RegistrationHistory> histories(RowSet<Row> rows) {
        Map<String, List<Registration>> byDevice = new HashMap<>();
        for (Row r : rows) {
            OffsetDateTime from = r.getOffsetDateTime("effective_from");
            byDevice.computeIfAbsent(r.getString("device_id"), k -> new ArrayList<>())
                    .add(new Registration(from == null ? null : from.toInstant(), r.getString("supplier_org")));
        }
        Map<String, RegistrationHistory> out = new HashMap<>();
        byDevice.forEach((id, regs) -> out.put(id, new RegistrationHistory(regs)));
        return out;
    }
}
