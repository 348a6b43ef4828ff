package org.meternet.platform.projection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.SupplierChange;
import org.meternet.platform.security.RegisteredSupplier;

/**
 * A service's copy of what the SMI says about each device, kept from installation-service's events (a table
 * device_projection in the service's own database): messaging-service checks hubs' traffic against it, meter-gateway
 * authorises service requests from it.
 */
@ApplicationScoped
public class DeviceProjection {
    private final Pool pool;

    public DeviceProjection(Pool pool) {
        this.pool = pool;
    }

    /** Applies a device.* event; an older event than the one already applied changes nothing. */
    public Uni<Void> apply(SqlClient tx, EventEnvelope event) {
        return write(tx, event, "<");
    }

    /**
     * Applies a batch of events in order, to the same end as {@link #apply} on each, in a statement per run of device
     * events instead of one per event: a device event carries the device's whole state and a row takes an event only if
     * it is newer, so of a run only each device's newest event decides its row. A change of supplier (which changes part
     * of a row) is applied on its own, between the runs before and after it.
     */
    public Uni<Void> applyAll(SqlClient tx, java.util.List<EventEnvelope> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        java.util.List<EventEnvelope> run = new java.util.ArrayList<>();
        for (EventEnvelope e : events) {
            if (e.type().startsWith("device.")) {
                run.add(e);
            } else {
                chain = chain.chain(upsertNewest(tx, run)).chain(() -> apply(tx, e));
                run = new java.util.ArrayList<>();
            }
        }
        return chain.chain(upsertNewest(tx, run));
    }

    /** Each device's newest event of a run of device events, in the order each device first appears. */
    static java.util.Collection<EventEnvelope> newestPerDevice(java.util.List<EventEnvelope> run,
            java.util.function.Function<EventEnvelope, String> deviceOf) {
        java.util.Map<String, EventEnvelope> newest = new java.util.LinkedHashMap<>();
        for (EventEnvelope e : run) {
            String device = deviceOf.apply(e);
            if (device != null) {
                newest.merge(device, e, (a, b) -> b.sequence() > a.sequence() ? b : a);
            }
        }
        return newest.values();
    }

    private java.util.function.Supplier<Uni<? extends Void>> upsertNewest(SqlClient tx, java.util.List<EventEnvelope> run) {
        return () -> {
            if (run.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            java.util.List<DeviceState> states = new java.util.ArrayList<>();
            java.util.List<Long> sequences = new java.util.ArrayList<>();
            java.util.Map<EventEnvelope, DeviceState> read = new java.util.IdentityHashMap<>();
            for (EventEnvelope e : run) {
                DeviceState d = e.dataAs(DeviceState.class);
                if (d.deviceId() == null) {
                    // refused as it always was (a device event names its device): one by one, so that it is set aside alone
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (EventEnvelope each : run) {
                        chain = chain.chain(() -> apply(tx, each));
                    }
                    return chain;
                }
                read.put(e, d);
            }
            for (EventEnvelope e : newestPerDevice(run, ev -> read.get(ev).deviceId())) {
                states.add(read.get(e));
                sequences.add(e.sequence());
            }
            return tx.preparedQuery("""
                    insert into device_projection (device_id, device_type, status, chf_id, supplier_org, distribution_area,
                                                   region_code, local_authority, mpxn, source_sequence)
                    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
                                         $8::text[], $9::text[], $10::bigint[])
                    on conflict (device_id) do update set device_type = excluded.device_type, status = excluded.status,
                        chf_id = excluded.chf_id, supplier_org = excluded.supplier_org,
                        distribution_area = excluded.distribution_area, region_code = excluded.region_code,
                        local_authority = excluded.local_authority, mpxn = excluded.mpxn, source_sequence = excluded.source_sequence,
                        updated_at = now()
                    where device_projection.source_sequence < excluded.source_sequence""")
                    .execute(Tuple.from(new Object[] {
                            states.stream().map(DeviceState::deviceId).toArray(String[]::new),
                            states.stream().map(DeviceState::deviceType).toArray(String[]::new),
                            states.stream().map(DeviceState::status).toArray(String[]::new),
                            states.stream().map(DeviceState::chfId).toArray(String[]::new),
                            states.stream().map(DeviceState::supplierOrg).toArray(String[]::new),
                            states.stream().map(DeviceState::distributionArea).toArray(Integer[]::new),
                            states.stream().map(DeviceState::regionCode).toArray(String[]::new),
                            states.stream().map(DeviceState::localAuthorityCode).toArray(String[]::new),
                            states.stream().map(DeviceState::mpxn).toArray(String[]::new),
                            sequences.toArray(Long[]::new)}))
                    .replaceWithVoid();
        };
    }

    /** Applies an event again in a rebuild: a row already at its sequence is rewritten from it. */
    public Uni<Void> replay(SqlClient tx, EventEnvelope event) {
        return write(tx, event, "<=");
    }

    private Uni<Void> write(SqlClient tx, EventEnvelope event, String olderThan) {
        if (EventType.SUPPLIER_CHANGED.wireName().equals(event.type())) {
            return supplierChanged(tx, event, olderThan);
        }
        if (!event.type().startsWith("device.")) {
            return Uni.createFrom().voidItem();
        }
        DeviceState d = event.dataAs(DeviceState.class);
        return tx.preparedQuery("""
                insert into device_projection (device_id, device_type, status, chf_id, supplier_org, distribution_area,
                                               region_code, local_authority, mpxn, source_sequence)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                on conflict (device_id) do update set device_type = excluded.device_type, status = excluded.status,
                    chf_id = excluded.chf_id, supplier_org = excluded.supplier_org,
                    distribution_area = excluded.distribution_area, region_code = excluded.region_code,
                    local_authority = excluded.local_authority, mpxn = excluded.mpxn, source_sequence = excluded.source_sequence,
                    updated_at = now()
                where device_projection.source_sequence %s excluded.source_sequence""".formatted(olderThan))
                .execute(Tuple.from(new Object[] {d.deviceId(), d.deviceType(), d.status(), d.chfId(), d.supplierOrg(),
                        d.distributionArea(), d.regionCode(), d.localAuthorityCode(), d.mpxn(), event.sequence()}))
                .replaceWithVoid();
    }

    /** From its effective time the gaining supplier is registered; a later-dated change waits as "next". */
    private static Uni<Void> supplierChanged(SqlClient tx, EventEnvelope event, String olderThan) {
        SupplierChange c = event.dataAs(SupplierChange.class);
        boolean due = !c.effectiveFrom().isAfter(java.time.Instant.now());
        return tx.preparedQuery("""
                update device_projection set
                    supplier_org = case when $2::boolean then $3 else supplier_org end,
                    next_supplier_org = case when $2 then null else $3 end,
                    next_supplier_from = case when $2 then null else $4::timestamptz end,
                    source_sequence = $5, updated_at = now()
                where device_id = $1 and source_sequence %s $5""".formatted(olderThan))
                .execute(Tuple.from(new Object[] {c.deviceId(), due, c.gainingSupplier(),
                        c.effectiveFrom().atOffset(java.time.ZoneOffset.UTC), event.sequence()}))
                .replaceWithVoid();
    }

    /** A device as the SMI's API showed it, to a projection that had not heard of it. */
    public record Snapshot(String deviceId, String deviceType, String status, String chfId, String supplierOrg,
            String nextSupplierOrg, java.time.Instant nextSupplierFrom, Integer distributionArea, String regionCode, String mpxn) {
    }

    /**
     * Takes in a device the events have not brought (the service started following after it was made): at sequence
     * 0, so that every event about it, earlier or later, still applies; a row already there is left as it is.
     */
    public Uni<Void> rememberIfAbsent(Snapshot s) {
        return pool.preparedQuery("""
                insert into device_projection (device_id, device_type, status, chf_id, supplier_org, next_supplier_org,
                                               next_supplier_from, distribution_area, region_code, mpxn, source_sequence)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0)
                on conflict (device_id) do nothing""")
                .execute(Tuple.from(new Object[] {s.deviceId(), s.deviceType(), s.status(), s.chfId(), s.supplierOrg(),
                        s.nextSupplierOrg(), s.nextSupplierFrom() == null ? null : s.nextSupplierFrom().atOffset(java.time.ZoneOffset.UTC),
                        s.distributionArea(), s.regionCode(), s.mpxn()}))
                .replaceWithVoid();
    }

    public Uni<KnownDevice> find(SqlClient client, String deviceId) {
        return client.preparedQuery("select device_id, device_type, status, chf_id, supplier_org, next_supplier_org, "
                + "next_supplier_from, distribution_area, region_code, mpxn from device_projection where device_id = $1")
                .execute(Tuple.of(deviceId))
                .map(rows -> rows.size() == 0 ? null : known(rows.iterator().next()));
    }

    /** Everything the projection knows of these devices, in one query. */
    public Uni<java.util.Map<String, KnownDevice>> findAll(SqlClient client, java.util.Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return client.preparedQuery("select device_id, device_type, status, chf_id, supplier_org, next_supplier_org, "
                + "next_supplier_from, distribution_area, region_code, mpxn from device_projection where device_id = any($1)")
                .execute(Tuple.of(deviceIds.toArray(String[]::new)))
                .map(rows -> {
                    java.util.Map<String, KnownDevice> found = new java.util.HashMap<>();
                    for (Row r : rows) {
                        KnownDevice d = known(r);
                        found.put(d.deviceId(), d);
                    }
                    return found;
                });
    }

    public Uni<KnownDevice> find(String deviceId) {
        return find(pool, deviceId);
    }

    private static KnownDevice known(Row r) {
        java.time.OffsetDateTime nextFrom = r.getOffsetDateTime("next_supplier_from");
        RegisteredSupplier supplier = new RegisteredSupplier(r.getString("supplier_org"), r.getString("next_supplier_org"),
                nextFrom == null ? null : nextFrom.toInstant());
        return new KnownDevice(r.getString("device_id"), r.getString("device_type"), r.getString("status"),
                r.getString("chf_id"), supplier.at(java.time.Instant.now()), r.getInteger("distribution_area"),
                r.getString("region_code"), r.getString("mpxn"));
    }
}
