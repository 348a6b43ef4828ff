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
        requireSupplierOrOperator(caller);
        return InstallationPlan.of(request, caller.org(), caller.isOperator(), reference, clock.instant());
    }

    public Uni<Outcome> install(io.vertx.mutiny.sqlclient.SqlConnection tx, Plan plan, Caller caller) {
        return writer.writeOne(tx, plan, SmiStatus.COMMISSIONED, EventType.DEVICE_COMMISSIONED, caller.org())
                .invoke(o -> {
                    if (o.written()) {
                        LOG.infof("%s installed %d device(s) at premises %s (%s), commissioned %s", plan.supplierOrg(),
                                plan.devices().size(), o.premises().id(), o.premises().localAuthorityCode(), plan.installedAt());
                    }
                });
    }

    /** Pre-notification (SRV 12.2): the device enters the inventory as PENDING, registered to the caller. */
    public Plan planPreNotification(NewDevice request, Caller caller) {
        requireSupplierOrOperator(caller);
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
        return writer.writeOne(tx, plan, SmiStatus.PENDING, EventType.DEVICE_PRE_NOTIFIED, caller.org())
                .invoke(o -> {
                    if (o.written()) {
                        PlannedDevice d = plan.devices().get(0);
                        LOG.infof("%s pre-notified %s %s at premises %s", caller.org(), d.type(), d.deviceId(), o.premises().id());
                    }
                });
    }

    public PlannedPremises planPremises(InstallationPlan.PremisesSpec spec) {
        if (spec == null) {
            throw ProblemException.badRequest("REQUIRED", "postcode", "postcode is required");
        }
        return InstallationPlan.newPremises(spec, reference, "");
    }

    // ---- reads

    @WithSession
    public Uni<PremisesEntity> premises(UUID id) {
        return PremisesEntity.<PremisesEntity>findById(id).onItem().ifNull().failWith(() ->
                new ProblemException(404, "UNKNOWN_PREMISES", "premisesId", "premises " + id + " is not registered"));
    }

    @WithSession
    public Uni<DeviceEntity> device(String deviceId, Caller caller) {
        DeviceId id = DeviceId.parse(deviceId);
        return DeviceEntity.<DeviceEntity>findById(id.value())
                .onItem().ifNull().failWith(() -> ProblemException.unknownDevice(id.value()))
                .invoke(d -> authorise(d, caller));
    }

    public record DeviceFilter(String supplier, String localAuthority, String status, String type) {
    }

    /** Devices the caller may see, in id order, one page after the cursor. */
    @WithSession
    public Uni<List<DeviceEntity>> devices(DeviceFilter f, String cursor, int limit, Caller caller) {
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new HashMap<>();
        String after = Cursor.key(cursor);
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
        if (!caller.isOperator()) {
            boolean supplier = caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES);
            boolean network = caller.hasAnyRole(DeviceAccess.NETWORK_ROLES) && !caller.distributionAreas().isEmpty();
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
                p.put("org", caller.org());
            }
            if (network) {
                p.put("areas", caller.distributionAreas());
            }
        }
        return DeviceEntity.<DeviceEntity>find(q + " order by id", p).page(0, limit + 1).list();
    }

    public record FoundInstallation(org.meternet.installation.persistence.InstallationEntity installation,
            String localAuthorityCode, List<DeviceEntity> devices) {
    }

    @WithSession
    public Uni<FoundInstallation> installation(UUID id) {
        return org.meternet.installation.persistence.InstallationEntity
                .<org.meternet.installation.persistence.InstallationEntity>findById(id)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "UNKNOWN_INSTALLATION", "installationId",
                        "installation " + id + " is not recorded"))
                .chain(i -> PremisesEntity.<PremisesEntity>findById(i.premisesId)
                        .chain(p -> DeviceEntity.<DeviceEntity>list("installationId = ?1 order by id", id)
                                .map(devices -> new FoundInstallation(i, p.localAuthorityCode, devices))));
    }

    @WithSession
    public Uni<List<StatusHistoryEntity>> history(String deviceId, Caller caller) {
        return device(deviceId, caller).chain(d -> StatusHistoryEntity.<StatusHistoryEntity>list(
                "deviceId = ?1 order by effectiveAt, id", d.id));
    }

    @WithSession
    public Uni<List<SupplierRegistrationEntity>> supplierHistory(String deviceId, Caller caller) {
        return device(deviceId, caller).chain(d -> SupplierRegistrationEntity.<SupplierRegistrationEntity>list(
                "deviceId = ?1 order by effectiveFrom", d.id));
    }

    // ---- updates (optimistic: If-Match names the version the caller read)

    @WithTransaction
    public Uni<DeviceEntity> changeStatus(String deviceId, SmiStatus to, Instant effectiveAt, Long ifMatch, Caller caller) {
        return device(deviceId, caller).chain(d -> {
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
        String gaining = gainingSupplier == null || gainingSupplier.isBlank() ? caller.org() : gainingSupplier.trim();
        if (!caller.isOperator() && !(caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES) && gaining.equals(caller.org()))) {
            throw ProblemException.roleNotPermitted("only the gaining supplier (or the operator) asks for a change of supplier");
        }
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
                                        current == null ? null : current.effectiveFrom, gaining, from, now);
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

    private static void authorise(DeviceEntity d, Caller caller) {
        if (!DeviceAccess.permits(caller, d.registeredSupplier().at(Instant.now()), d.distributionArea)) {
            throw ProblemException.notAuthorisedForDevice(d.id);
        }
    }

    private static void requireSupplierOrOperator(Caller caller) {
        if (!caller.isOperator() && !caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES)) {
            throw ProblemException.roleNotPermitted("only a supplier (or the operator) registers devices and installations");
        }
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
