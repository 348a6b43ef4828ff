package org.meternet.installation.domain;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.meternet.installation.api.InventoryDtos.NewDevice;
import org.meternet.installation.domain.InstallationPlan.Plan;
import org.meternet.installation.domain.InstallationPlan.PlannedDevice;
import org.meternet.installation.domain.InstallationPlan.PlannedPremises;
import org.meternet.installation.domain.InventoryAccess.ListScope;
import org.meternet.installation.domain.InventoryAccess.Operation;
import org.meternet.installation.domain.InventoryAccess.Relation;
import org.meternet.installation.domain.SmiLifecycle.IllegalTransitionException;
import org.meternet.installation.domain.SmiLifecycle.InvalidEffectiveTimeException;
import org.meternet.installation.domain.SmiLifecycle.StatusChange;
import org.meternet.installation.persistence.DeviceEntity;
import org.meternet.installation.persistence.HubCertificateEntity;
import org.meternet.installation.persistence.InventoryWriter;
import org.meternet.installation.persistence.InventoryWriter.Outcome;
import org.meternet.installation.persistence.PremisesEntity;
import org.meternet.installation.persistence.StatusHistoryEntity;
import org.meternet.installation.persistence.SupplierRegistrationEntity;
import org.meternet.platform.api.Cursor;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.SupplierChange;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.outbox.Outbox;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.DeviceAccess;
import org.meternet.platform.security.RegisteredSupplier;

/**
 * The inventory's use cases. Each change and its events commit in one transaction (the events
 * go to the outbox), so the rest of the platform sees exactly what was recorded.
 */
@ApplicationScoped
public class InventoryService {
    static final String SOURCE = InventoryWriter.SOURCE;
    private static final Logger LOG = Logger.getLogger(InventoryService.class);

    private final ReferenceData reference;
    private final Outbox outbox;
    private final InventoryWriter writer;
    private final Clock clock = Clock.systemUTC();
    private final SmiLifecycle lifecycle = new SmiLifecycle(clock);

    public InventoryService(ReferenceData reference, Outbox outbox, InventoryWriter writer) {
        this.reference = reference;
        this.outbox = outbox;
        this.writer = writer;
    }

    // ---- creates (set-based writer; run inside the caller's transaction, e.g. under an idempotency key)

    /** A new installation: premises, devices and their commissioning, effective when it was installed. */
    public Plan planInstallation(InstallationPlan.Request request, Caller caller) {
        InventoryAccess.require(caller, Operation.INSTALL, Relation.NOT_APPLICABLE, "supplier", "registering installations");
        return InstallationPlan.of(request, caller.org(), caller.isOperator(), reference, clock.instant());
    }

    public Uni<Outcome> install(io.vertx.mutiny.sqlclient.SqlConnection tx, Plan plan, Caller caller) {
        return atPremises(tx, plan, caller).chain(() -> writer.writeOne(tx, plan, SmiStatus.COMMISSIONED, EventType.DEVICE_COMMISSIONED, caller.org())
                .invoke(o -> {
                    if (o.written()) {
                        LOG.infof("%s installed %d device(s) at premises %s (%s), commissioned %s", plan.supplierOrg(),
                                plan.devices().size(), o.premises().id(), o.premises().localAuthorityCode(), plan.installedAt());
                    }
                }));
    }

    /** Pre-notification (SRV 12.2): the device enters the inventory as PENDING, registered to the caller. */
    public Plan planPreNotification(NewDevice request, Caller caller) {
        InventoryAccess.require(caller, Operation.PRE_NOTIFY, Relation.NOT_APPLICABLE, null,
                "pre-notification: only a supplier can be a device's registered supplier");
        if (request == null) {
            throw ProblemException.badRequest("REQUIRED", null, "a device description is required");
        }
        if (request.premisesId() == null) {
            throw ProblemException.badRequest("REQUIRED", "premisesId", "premisesId is required");
        }
        PlannedDevice d = InstallationPlan.device(request.spec(), "");
        String chf = request.chfId() == null ? null : DeviceId.parse(request.chfId(), "chfId").value();
        String gpf = request.gpfId() == null ? null : DeviceId.parse(request.gpfId(), "gpfId").value();
        String meter = request.meterId() == null ? null : DeviceId.parse(request.meterId(), "meterId").value();
        PlannedDevice associated = new PlannedDevice(d.deviceId(), d.type(), d.mpxn(), d.fuel(), d.distributionArea(),
                d.type() == DeviceType.CHF ? null : chf, gpf, meter, d.manufacturer(), d.model(), d.firmwareVersion(),
                d.smetsVersion());
        Instant now = clock.instant();
        Instant effective = request.effectiveAt() == null ? now : request.effectiveAt();
        if (effective.isAfter(now.plus(SmiLifecycle.CLOCK_SKEW))) {
            throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "effectiveAt", "effectiveAt " + effective + " is in the future");
        }
        PlannedPremises premises = new PlannedPremises(request.premisesId(), true, null, null, null, null);
        return new Plan(null, premises, effective, caller.org(), List.of(associated));
    }

    public Uni<Outcome> preNotify(io.vertx.mutiny.sqlclient.SqlConnection tx, Plan plan, Caller caller) {
        return atPremises(tx, plan, caller).chain(() -> writer.writeOne(tx, plan, SmiStatus.PENDING, EventType.DEVICE_PRE_NOTIFIED, caller.org())
                .invoke(o -> {
                    if (o.written()) {
                        PlannedDevice d = plan.devices().get(0);
                        LOG.infof("%s pre-notified %s %s at premises %s", caller.org(), d.type(), d.deviceId(), o.premises().id());
                    }
                }));
    }

    private Uni<Void> atPremises(io.vertx.mutiny.sqlclient.SqlClient client, Plan plan, Caller caller) {
        return plan.premises().existing() ? requireAtPremises(client, plan.premises().id(), caller) : Uni.createFrom().voidItem();
    }

    /**
     * Devices join an existing premises only by a supplier already there (a registered supplier of a device at it, or its
     * registrant while it is empty) or by the operator: else anyone holding a premises id could add a device to it and
     * so become entitled to read it (E4). An unknown premises is left for the writer to answer (404).
     */
    public Uni<Void> requireAtPremises(io.vertx.mutiny.sqlclient.SqlClient client, UUID premisesId, Caller caller) {
        if (caller.isOperator()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("select p.registered_by, "
                        + "exists (select 1 from device d where d.premises_id = p.id) as occupied, "
                        + "exists (select 1 from device d where d.premises_id = p.id and d.status not in ('DECOMMISSIONED', 'WITHDRAWN') "
                        + "and (case when d.next_supplier_from <= now() then d.next_supplier_org else d.supplier_org end) = $2) as supplies "
                        + "from premises p where p.id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(premisesId, caller.org()))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        return;
                    }
                    io.vertx.mutiny.sqlclient.Row r = rows.iterator().next();
                    Relation relation = Boolean.TRUE.equals(r.getBoolean("supplies")) && caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES)
                            ? Relation.REGISTERED_SUPPLIER
                            : !Boolean.TRUE.equals(r.getBoolean("occupied")) && caller.org() != null
                                    && caller.org().equals(r.getString("registered_by")) ? Relation.PREMISES_REGISTRANT : Relation.NONE;
                    InventoryAccess.require(caller, Operation.ADD_TO_PREMISES, relation, "premisesId", "premises " + premisesId);
                })
                .replaceWithVoid();
    }

    public PlannedPremises planPremises(InstallationPlan.PremisesSpec spec, Caller caller) {
        InventoryAccess.require(caller, Operation.REGISTER_PREMISES, Relation.NOT_APPLICABLE, null, "registering premises");
        if (spec == null) {
            throw ProblemException.badRequest("REQUIRED", "postcode", "postcode is required");
        }
        return InstallationPlan.newPremises(spec, reference, "");
    }

    // ---- reads

    /**
     * A premises, for those related to it: the registered suppliers of the devices at it, the network operator of their
     * distribution areas, and, while no device is at it, the organisation that registered it (else E4).
     */
    @WithSession
    public Uni<PremisesEntity> premises(UUID id, Caller caller) {
        InventoryAccess.requireRole(caller, Operation.READ_PREMISES);
        return PremisesEntity.<PremisesEntity>findById(id).onItem().ifNull().failWith(() ->
                        new ProblemException(404, "UNKNOWN_PREMISES", "premisesId", "premises " + id + " is not registered"))
                .chain(p -> DeviceEntity.<DeviceEntity>list("premisesId = ?1", id).map(devices -> {
                    Relation r = strongest(devices, caller);
                    if (devices.isEmpty() && caller.org() != null && caller.org().equals(p.registeredBy)) {
                        r = Relation.PREMISES_REGISTRANT;
                    }
                    InventoryAccess.require(caller, Operation.READ_PREMISES, r, "premisesId", "premises " + id);
                    return p;
                }));
    }

    /** One device, for an operation on it: the caller's role (E2), the device (E19), then the caller's relation (E4). */
    @WithSession
    public Uni<DeviceEntity> device(String deviceId, Caller caller, Operation op) {
        InventoryAccess.requireRole(caller, op);
        DeviceId id = DeviceId.parse(deviceId);
        return DeviceEntity.<DeviceEntity>findById(id.value())
                .onItem().ifNull().failWith(() -> ProblemException.unknownDevice(id.value()))
                .invoke(d -> authorise(d, caller, op));
    }

    @WithSession
    public Uni<DeviceEntity> device(String deviceId, Caller caller) {
        return device(deviceId, caller, Operation.READ_DEVICE);
    }

    public record DeviceFilter(String supplier, String localAuthority, String status, String type) {
    }

    /** Devices the caller may see, in id order, one page after the cursor. */
    @WithSession
    public Uni<List<DeviceEntity>> devices(DeviceFilter f, String cursor, int limit, Caller caller) {
        ListScope scope = InventoryAccess.listScope(caller);
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new HashMap<>();
        String after = Cursor.key(cursor);
        if (after != null && after.indexOf('\0') >= 0) {
            throw ProblemException.badRequest("INVALID_CURSOR", "cursor", "cursor is not one this API returned");
        }
        if (after != null) {
            q.append(" and id > :after");
            p.put("after", after);
        }
        if (f.status() != null) {
            q.append(" and status = :status");
            p.put("status", status(f.status()));
        }
        if (f.type() != null) {
            q.append(" and deviceType = :type");
            p.put("type", InstallationPlan.type(f.type(), "type"));
        }
        if (f.supplier() != null) {
            q.append(" and supplierOrg = :supplier");
            p.put("supplier", f.supplier());
        }
        if (f.localAuthority() != null) {
            q.append(" and premisesId in (select pr.id from PremisesEntity pr where pr.localAuthorityCode = :la)");
            p.put("la", org.meternet.platform.id.LocalAuthorityCode.parse(f.localAuthority()).value());
        }
        if (!scope.everything()) {
            boolean supplier = scope.supplierOrg() != null;
            boolean network = !scope.areas().isEmpty();
            if (supplier && network) {
                q.append(" and (supplierOrg = :org or distributionArea in :areas)");
            } else if (supplier) {
                q.append(" and supplierOrg = :org");
            } else if (network) {
                q.append(" and distributionArea in :areas");
            } else {
                return Uni.createFrom().item(List.of());
            }
            if (supplier) {
                p.put("org", scope.supplierOrg());
            }
            if (network) {
                p.put("areas", scope.areas());
            }
        }
        return DeviceEntity.<DeviceEntity>find(q + " order by id", p).page(0, limit + 1).list();
    }

    public record FoundInstallation(org.meternet.installation.persistence.InstallationEntity installation,
            String localAuthorityCode, List<DeviceEntity> devices) {
    }

    /** An installation, for those related to one of its devices now (E4 otherwise: the installer loses it on a change of supplier). */
    @WithSession
    public Uni<FoundInstallation> installation(UUID id, Caller caller) {
        InventoryAccess.requireRole(caller, Operation.READ_INSTALLATION);
        return org.meternet.installation.persistence.InstallationEntity
                .<org.meternet.installation.persistence.InstallationEntity>findById(id)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "UNKNOWN_INSTALLATION", "installationId",
                        "installation " + id + " is not recorded"))
                .chain(i -> PremisesEntity.<PremisesEntity>findById(i.premisesId)
                        .chain(p -> DeviceEntity.<DeviceEntity>list("installationId = ?1 order by id", id)
                                .map(devices -> {
                                    InventoryAccess.require(caller, Operation.READ_INSTALLATION, strongest(devices, caller),
                                            "installationId", "installation " + id);
                                    return new FoundInstallation(i, p.localAuthorityCode, devices);
                                })));
    }

    @WithSession
    public Uni<List<StatusHistoryEntity>> history(String deviceId, Caller caller) {
        return device(deviceId, caller, Operation.READ_STATUS_HISTORY).chain(d -> StatusHistoryEntity.<StatusHistoryEntity>list(
                "deviceId = ?1 order by effectiveAt, id", d.id));
    }

    @WithSession
    public Uni<List<SupplierRegistrationEntity>> supplierHistory(String deviceId, Caller caller) {
        return device(deviceId, caller, Operation.READ_SUPPLIER_HISTORY).chain(d -> SupplierRegistrationEntity.<SupplierRegistrationEntity>list(
                "deviceId = ?1 order by effectiveFrom", d.id));
    }

    // ---- updates (optimistic: If-Match names the version the caller read)

    @WithTransaction
    public Uni<DeviceEntity> changeStatus(String deviceId, SmiStatus to, Instant effectiveAt, Long ifMatch, Caller caller) {
        // the role for where the device goes first (E2 before anything is read), then for where it comes from too
        return device(deviceId, caller, InventoryAccess.statusChange(null, to)).chain(d -> {
            authorise(d, caller, InventoryAccess.statusChange(d.status, to));
            requireVersion(d, ifMatch);
            SmiStatus from = d.status;
            StatusChange change;
            try {
                change = lifecycle.change(from, d.statusEffectiveAt, to, effectiveAt);
            } catch (IllegalTransitionException e) {
                throw new ProblemException(409, "E5", "status", e.getMessage(), from.name());
            } catch (InvalidEffectiveTimeException e) {
                throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "effectiveAt", e.getMessage());
            }
            d.status = change.to();
            d.statusEffectiveAt = change.effectiveAt();
            EventType type = switch (to) {
                case COMMISSIONED -> EventType.DEVICE_COMMISSIONED;
                case DECOMMISSIONED -> EventType.DEVICE_DECOMMISSIONED;
                default -> EventType.DEVICE_STATUS_CHANGED;
            };
            boolean hubLeaves = d.deviceType == DeviceType.CHF && to == SmiStatus.DECOMMISSIONED;
            return StatusHistoryEntity.of(d.id, d.status, d.statusEffectiveAt, caller.org()).persist()
                    .chain(() -> hubLeaves ? revokeCertificates(d, change.effectiveAt()) : Uni.createFrom().voidItem())
                    .chain(() -> PremisesEntity.<PremisesEntity>findById(d.premisesId))
                    .chain(premises -> outbox.append(EventEnvelope.of(type, d.statusEffectiveAt, SOURCE, d.id,
                            state(d, premises, from))))
                    .invoke(() -> LOG.infof("%s %s moved from %s to %s (effective %s) by %s", d.deviceType, d.id, from,
                            to, change.effectiveAt(), caller.org()))
                    .replaceWith(d);
        });
    }

    /** Change of supplier, asked by the gaining supplier (or the operator on its behalf). */
    @WithTransaction
    public Uni<DeviceEntity> changeSupplier(String deviceId, String gainingSupplier, Instant effectiveAt, Long ifMatch,
            Caller caller) {
        InventoryAccess.requireRole(caller, Operation.CHANGE_SUPPLIER);
        String gaining = gainingSupplier == null || gainingSupplier.isBlank() ? caller.org() : gainingSupplier.trim();
        if (gaining == null) {
            throw ProblemException.badRequest("REQUIRED", "gainingSupplier", "gainingSupplier is required");
        }
        // only the gaining supplier asks for itself (or the operator on its behalf)
        InventoryAccess.require(caller, Operation.CHANGE_SUPPLIER,
                gaining.equals(caller.org()) && caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES) ? Relation.GAINING_SUPPLIER : Relation.NONE,
                "gainingSupplier", "a change of supplier to " + gaining);
        DeviceId id = DeviceId.parse(deviceId);
        Instant now = clock.instant();
        Instant from = effectiveAt == null ? now : effectiveAt;
        // the gaining supplier is not registered yet, so it may not see the device: look it up unauthorised
        return DeviceEntity.<DeviceEntity>findById(id.value())
                .onItem().ifNull().failWith(() -> ProblemException.unknownDevice(id.value()))
                .chain(d -> {
                    requireVersion(d, ifMatch);
                    if (d.status == SmiStatus.DECOMMISSIONED || d.status == SmiStatus.WITHDRAWN) {
                        throw new ProblemException(409, "E5", "deviceId", "device " + d.id + " is " + d.status, d.status.name());
                    }
                    RegisteredSupplier before = d.registeredSupplier();
                    String losing = before.at(from);
                    return SupplierRegistrationEntity.<SupplierRegistrationEntity>find(
                            "deviceId = ?1 and effectiveFrom <= ?2 order by effectiveFrom desc", d.id, now).firstResult()
                            .chain(current -> {
                                RegisteredSupplier after = SupplierChangeRule.apply(before,
                                        current == null ? null : current.effectiveFrom, gaining, from, now, caller.isOperator());
                                d.supplierOrg = after.current();
                                d.nextSupplierOrg = after.next();
                                d.nextSupplierFrom = after.nextFrom();
                                return SupplierRegistrationEntity.delete("deviceId = ?1 and effectiveFrom > ?2", d.id, now)
                                        .chain(() -> SupplierRegistrationEntity.of(d.id, gaining, from).persist())
                                        .chain(() -> outbox.append(EventEnvelope.of(EventType.SUPPLIER_CHANGED, from, SOURCE, d.id,
                                                new SupplierChange(d.id, d.deviceType.name(), losing, gaining, from,
                                                        d.distributionArea))))
                                        .invoke(() -> LOG.infof("change of supplier for %s %s: %s -> %s effective %s",
                                                d.deviceType, d.id, losing, gaining, from))
                                        .replaceWith(d);
                            });
                });
    }

    public record CertificateRevoked(String chfId, String serialNumber, Instant revokedAt) {
    }

    /** A decommissioned hub keeps no broker certificate: each live one is revoked with an event. */
    private Uni<Void> revokeCertificates(DeviceEntity hub, Instant at) {
        return HubCertificateEntity.<HubCertificateEntity>list("chfId = ?1 and revokedAt is null", hub.id).chain(certs -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (HubCertificateEntity c : certs) {
                c.revokedAt = at;
                chain = chain.chain(() -> outbox.append(EventEnvelope.of(EventType.HUB_CERTIFICATE_REVOKED, at, SOURCE, hub.id,
                        new CertificateRevoked(hub.id, c.serialNumber, at))));
            }
            if (!certs.isEmpty()) {
                LOG.infof("revoked %d broker certificate(s) of decommissioned hub %s", certs.size(), hub.id);
            }
            return chain;
        });
    }

    private static void requireVersion(DeviceEntity d, Long ifMatch) {
        if (ifMatch != null && ifMatch != d.version) {
            throw new ProblemException(412, "PRECONDITION_FAILED", "If-Match", "device " + d.id + " is at version " + d.version
                    + ", not " + ifMatch + "; read it again before changing it");
        }
    }

    static DeviceState state(DeviceEntity d, PremisesEntity premises, SmiStatus previous) {
        return new DeviceState(d.id, d.deviceType.name(), d.status.name(), previous == null ? null : previous.name(),
                d.statusEffectiveAt, d.chfId, d.mpxn, d.fuel, d.premisesId.toString(), premises.postcode,
                premises.localAuthorityCode, premises.regionCode, d.distributionArea, d.supplierOrg, d.smetsVersion);
    }

    private static void authorise(DeviceEntity d, Caller caller, Operation op) {
        InventoryAccess.require(caller, op, relation(d, caller), "deviceId", "device " + d.id);
    }

    static Relation relation(DeviceEntity d, Caller caller) {
        return InventoryAccess.toDevice(caller, d.registeredSupplier().at(Instant.now()), d.distributionArea);
    }

    /** The closest relation the caller has to any of several devices (of one premises or installation). */
    static Relation strongest(List<DeviceEntity> devices, Caller caller) {
        Relation r = Relation.NONE;
        for (DeviceEntity d : devices) {
            r = InventoryAccess.strongest(r, relation(d, caller));
        }
        return r;
    }

    public static SmiStatus status(String text) {
        try {
            return SmiStatus.valueOf(text == null ? "" : text.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("INVALID_STATUS", "status", "status '" + text + "' is not one of "
                    + java.util.Arrays.toString(SmiStatus.values()));
        }
    }
}
