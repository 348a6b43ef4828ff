package org.meternet.installation.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.meternet.installation.domain.InstallationPlan.Plan;
import org.meternet.installation.domain.InstallationPlan.PlannedDevice;
import org.meternet.installation.domain.InstallationPlan.PlannedPremises;
import org.meternet.installation.domain.SmiStatus;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.outbox.Outbox;
import org.meternet.platform.problem.ProblemException;

/**
 * Writes checked installations with a handful of set-based statements per batch (premises,
 * installations, devices, status history, supplier registrations, outbox events), so that an
 * estate of millions of devices can be migrated. When the batch breaks a rule the database
 * enforces, each installation is written again on its own savepoint: the good ones are kept and
 * each bad one is reported with the rule it broke.
 */
@ApplicationScoped
public class InventoryWriter {
    public static final String SOURCE = "installation";
    private final Pool pool;
    private final Outbox outbox;

    public InventoryWriter(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** What became of one plan: written (with its premises resolved) or refused with a problem. */
    public record Outcome(Plan plan, PlannedPremises premises, ProblemException problem) {
        public boolean written() {
            return problem == null;
        }
    }

    /** Writes the plans in one transaction, or one savepoint each when the batch breaks a rule. */
    public Uni<List<Outcome>> write(List<Plan> plans, SmiStatus status, EventType event, String changedBy) {
        return pool.withTransaction(conn -> writeAll(conn, plans, status, event, changedBy))
                .onFailure(InventoryWriter::isRuleViolation).recoverWithUni(() -> pool.withConnection(conn -> inPlainTransaction(conn,
                        () -> oneByOne(conn, plans, status, event, changedBy))));
    }

    /** Writes within the caller's transaction (one plan, e.g. under an idempotency key). */
    public Uni<Outcome> writeOne(SqlConnection conn, Plan plan, SmiStatus status, EventType event, String changedBy) {
        return writeAll(conn, List.of(plan), status, event, changedBy).map(list -> list.get(0))
                .onFailure(InventoryWriter::isRuleViolation).transform(e -> problem(plan, (PgException) e));
    }

    /**
     * A transaction begun by hand: the client's transaction object rolls everything back at the first
     * failed statement, which would defeat the savepoints that keep the good installations.
     */
    private static <T> Uni<T> inPlainTransaction(SqlConnection conn, java.util.function.Supplier<Uni<T>> work) {
        return conn.query("begin").execute()
                .chain(() -> work.get())
                .call(() -> conn.query("commit").execute())
                .onFailure().call(() -> conn.query("rollback").execute().onFailure().recoverWithNull());
    }

    private Uni<List<Outcome>> oneByOne(SqlConnection conn, List<Plan> plans, SmiStatus status, EventType event, String changedBy) {
        List<Outcome> outcomes = new ArrayList<>(plans.size());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Plan plan : plans) {
            chain = chain.chain(() -> conn.query("savepoint one_installation").execute()
                    .chain(() -> writeAll(conn, List.of(plan), status, event, changedBy))
                    .call(() -> conn.query("release savepoint one_installation").execute())
                    .invoke(written -> outcomes.add(written.get(0)))
                    .onFailure(InventoryWriter::isRuleViolation).recoverWithUni(e -> conn
                            .query("rollback to savepoint one_installation").execute()
                            .invoke(() -> outcomes.add(new Outcome(plan, null, problem(plan, (PgException) e)))).replaceWith(List.of()))
                    .replaceWithVoid());
        }
        return chain.replaceWith(outcomes);
    }

    private Uni<List<Outcome>> writeAll(SqlConnection conn, List<Plan> plans, SmiStatus status, EventType event, String changedBy) {
        return existingPremises(conn, plans).chain(known -> {
            List<Outcome> outcomes = new ArrayList<>(plans.size());
            List<Plan> writable = new ArrayList<>(plans.size());
            for (Plan p : plans) {
                PlannedPremises premises = p.premises().existing() ? known.get(p.premises().id()) : p.premises();
                if (premises == null) {
                    outcomes.add(new Outcome(p, null, new ProblemException(404, "UNKNOWN_PREMISES", "premisesId",
                            "premises " + p.premises().id() + " is not registered")));
                } else {
                    outcomes.add(new Outcome(p, premises, null));
                    writable.add(p);
                }
            }
            if (writable.isEmpty()) {
                return Uni.createFrom().item(outcomes);
            }
            List<Outcome> ok = outcomes.stream().filter(Outcome::written).toList();
            // Sent together on one connection: the server runs them in this order (the foreign keys
            // need it) while the client waits for one round trip instead of six.
            return Uni.join().all(insertPremises(conn, ok), insertInstallations(conn, ok), insertDevices(conn, ok, status, changedBy),
                    outbox.appendAll(conn, events(ok, status, event))).andFailFast()
                    .replaceWith(outcomes);
        });
    }

    private static Uni<Map<UUID, PlannedPremises>> existingPremises(SqlConnection conn, List<Plan> plans) {
        UUID[] ids = plans.stream().filter(p -> p.premises().existing()).map(p -> p.premises().id()).toArray(UUID[]::new);
        if (ids.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("select id, postcode, uprn, local_authority_code, region_code from premises where id = any($1)")
                .execute(Tuple.of(ids)).map(rows -> {
                    Map<UUID, PlannedPremises> found = new HashMap<>();
                    for (Row r : rows) {
                        found.put(r.getUUID("id"), new PlannedPremises(r.getUUID("id"), true, r.getString("postcode"),
                                r.getString("uprn"), r.getString("local_authority_code"), r.getString("region_code")));
                    }
                    return found;
                });
    }

    private static Uni<Void> insertPremises(SqlConnection conn, List<Outcome> ok) {
        List<PlannedPremises> fresh = ok.stream().map(Outcome::premises).filter(p -> !p.existing()).toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("insert into premises (id, postcode, uprn, local_authority_code, region_code) "
                + "select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])")
                .execute(Tuple.of(fresh.stream().map(PlannedPremises::id).toArray(UUID[]::new),
                        fresh.stream().map(PlannedPremises::postcode).toArray(String[]::new),
                        fresh.stream().map(PlannedPremises::uprn).toArray(String[]::new),
                        fresh.stream().map(PlannedPremises::localAuthorityCode).toArray(String[]::new),
                        fresh.stream().map(PlannedPremises::regionCode).toArray(String[]::new)))
                .replaceWithVoid();
    }

    private static Uni<Void> insertInstallations(SqlConnection conn, List<Outcome> all) {
        List<Outcome> ok = all.stream().filter(o -> o.plan().installationId() != null).toList();
        if (ok.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("insert into installation (id, premises_id, supplier_org, installed_at) "
                + "select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[])")
                .execute(Tuple.of(ok.stream().map(o -> o.plan().installationId()).toArray(UUID[]::new),
                        ok.stream().map(o -> o.premises().id()).toArray(UUID[]::new),
                        ok.stream().map(o -> o.plan().supplierOrg()).toArray(String[]::new),
                        ok.stream().map(o -> utc(o.plan())).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    private static Uni<Void> insertDevices(SqlConnection conn, List<Outcome> ok, SmiStatus status, String changedBy) {
        List<Object[]> rows = new ArrayList<>();
        for (Outcome o : ok) {
            for (PlannedDevice d : o.plan().devices()) {
                rows.add(new Object[] {d, o});
            }
        }
        int n = rows.size();
        String[] id = new String[n], type = new String[n], manufacturer = new String[n], model = new String[n],
                firmware = new String[n], smets = new String[n], mpxn = new String[n], fuel = new String[n],
                chf = new String[n], gpf = new String[n], meter = new String[n], supplier = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        UUID[] premises = new UUID[n], installation = new UUID[n];
        Integer[] area = new Integer[n];
        for (int i = 0; i < n; i++) {
            PlannedDevice d = (PlannedDevice) rows.get(i)[0];
            Outcome o = (Outcome) rows.get(i)[1];
            id[i] = d.deviceId();
            type[i] = d.type().name();
            manufacturer[i] = d.manufacturer();
            model[i] = d.model();
            firmware[i] = d.firmwareVersion();
            smets[i] = d.smetsVersion();
            mpxn[i] = d.mpxn();
            fuel[i] = d.fuel();
            chf[i] = d.chfId();
            gpf[i] = d.gpfId();
            meter[i] = d.meterId();
            supplier[i] = o.plan().supplierOrg();
            at[i] = utc(o.plan());
            premises[i] = o.premises().id();
            installation[i] = o.plan().installationId();
            area[i] = d.distributionArea();
        }
        String statusName = status.name();
        Uni<Void> devices = conn.preparedQuery("""
                insert into device (id, device_type, manufacturer, model, firmware_version, smets_version, status,
                                    status_effective_at, premises_id, mpxn, fuel, distribution_area, chf_id, gpf_id, meter_id,
                                    supplier_org, installation_id)
                select i, t, m, mo, f, s, $17, a, p, x, fu, da, c, g, me, su, inst
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                            $8::uuid[], $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[],
                            $15::text[], $16::uuid[]) as u(i, t, m, mo, f, s, a, p, x, fu, da, c, g, me, su, inst)""")
                .execute(Tuple.from(new Object[] {id, type, manufacturer, model, firmware, smets, at, premises, mpxn, fuel,
                        area, chf, gpf, meter, supplier, installation, statusName})).replaceWithVoid();
        Uni<Void> history = conn.preparedQuery("insert into device_status_history (device_id, status, effective_at, changed_by) "
                + "select d, $2, a, $3 from unnest($1::text[], $4::timestamptz[]) as u(d, a)")
                .execute(Tuple.of(id, statusName, changedBy, at)).replaceWithVoid();
        Uni<Void> registrations = conn.preparedQuery("insert into supplier_registration (device_id, supplier_org, effective_from) "
                + "select * from unnest($1::text[], $2::text[], $3::timestamptz[])")
                .execute(Tuple.of(id, supplier, at)).replaceWithVoid();
        return Uni.join().all(devices, history, registrations).andFailFast().replaceWithVoid();
    }

    private static List<EventEnvelope> events(List<Outcome> ok, SmiStatus status, EventType event) {
        List<EventEnvelope> events = new ArrayList<>();
        for (Outcome o : ok) {
            for (PlannedDevice d : o.plan().devices()) {
                DeviceState state = new DeviceState(d.deviceId(), d.type().name(), status.name(), null, o.plan().installedAt(),
                        d.chfId(), d.mpxn(), d.fuel(), o.premises().id().toString(), o.premises().postcode(),
                        o.premises().localAuthorityCode(), o.premises().regionCode(), d.distributionArea(),
                        o.plan().supplierOrg(), d.smetsVersion());
                events.add(EventEnvelope.of(event, o.plan().installedAt(), SOURCE, d.deviceId(), state));
            }
        }
        return events;
    }

    private static OffsetDateTime utc(Plan p) {
        return p.installedAt().atOffset(ZoneOffset.UTC);
    }

    static boolean isRuleViolation(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("23");
    }

    /** The rule a refused write broke, named after the field of the request that broke it. */
    static ProblemException problem(Plan plan, PgException e) {
        String constraint = e.getConstraint() == null ? "" : e.getConstraint();
        String detail = e.getDetail() == null ? "" : e.getDetail();
        String field = null;
        for (int i = 0; i < plan.devices().size(); i++) {
            PlannedDevice d = plan.devices().get(i);
            if (detail.contains("(" + d.deviceId() + ")")) {
                field = "devices[" + i + "].deviceId";
            } else if (d.mpxn() != null && detail.contains("(" + d.mpxn() + ")")) {
                field = "devices[" + i + "].mpxn";
            }
        }
        return switch (constraint) {
            case "device_pkey" -> new ProblemException(409, "DEVICE_EXISTS", field, "a device in the installation is already in the inventory: " + detail);
            case "one_active_esme_per_mpan" -> new ProblemException(409, "MPAN_HAS_ACTIVE_ESME", field,
                    "the MPAN already has an active electricity meter: " + detail);
            case "one_active_gsme_per_mprn" -> new ProblemException(409, "MPRN_HAS_ACTIVE_GSME", field,
                    "the MPRN already has an active gas meter: " + detail);
            case "one_chf_per_premises" -> new ProblemException(409, "PREMISES_HAS_CHF", "premisesId",
                    "the premises already has an active comms hub");
            default -> new ProblemException(409, "CONSTRAINT_VIOLATED", field, "the inventory refused the write ("
                    + constraint + "): " + e.getErrorMessage());
        };
    }
}
