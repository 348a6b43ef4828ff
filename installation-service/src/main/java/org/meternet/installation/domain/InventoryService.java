package org.meternet.installation.domain;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.meternet.installation.api.InventoryDtos.CertificateRequest;
import org.meternet.installation.api.InventoryDtos.HubCertificate;
import org.meternet.installation.api.InventoryDtos.NewDevice;
import org.meternet.installation.api.InventoryDtos.NewPremises;
import org.meternet.installation.domain.SmiLifecycle.IllegalTransitionException;
import org.meternet.installation.domain.SmiLifecycle.InvalidEffectiveTimeException;
import org.meternet.installation.domain.SmiLifecycle.StatusChange;
import org.meternet.installation.persistence.DeviceEntity;
import org.meternet.installation.persistence.HubCertificateEntity;
import org.meternet.installation.persistence.PremisesEntity;
import org.meternet.installation.persistence.StatusHistoryEntity;
import org.meternet.installation.pki.DeviceCertificateAuthority;
import org.meternet.installation.pki.DeviceCertificateAuthority.IssuedCertificate;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.id.LocalAuthorityCode;
import org.meternet.platform.id.MpanCore;
import org.meternet.platform.id.Mprn;
import org.meternet.platform.id.Postcode;
import org.meternet.platform.outbox.Outbox;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.LocalAuthority;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.DeviceAccess;

/**
 * The inventory's use cases. Each state change and its event commit in one transaction (the
 * event goes to the outbox), so the rest of the platform sees exactly what was recorded.
 */
@ApplicationScoped
public class InventoryService {
    static final String SOURCE = "installation";
    private static final Logger LOG = Logger.getLogger(InventoryService.class);

    private final ReferenceData reference;
    private final Outbox outbox;
    private final DeviceCertificateAuthority ca;
    private final SmiLifecycle lifecycle = new SmiLifecycle(Clock.systemUTC());

    public InventoryService(ReferenceData reference, Outbox outbox, DeviceCertificateAuthority ca) {
        this.reference = reference;
        this.outbox = outbox;
        this.ca = ca;
    }

    @WithTransaction
    public Uni<PremisesEntity> registerPremises(NewPremises request) {
        Postcode postcode = Postcode.parse(request.postcode());
        LocalAuthority la;
        if (request.localAuthorityOverride() != null && !request.localAuthorityOverride().isBlank()) {
            LocalAuthorityCode code = LocalAuthorityCode.parse(request.localAuthorityOverride());
            la = reference.localAuthority(code.value()).orElseThrow(() -> ProblemException.badRequest(
                    "UNKNOWN_LOCAL_AUTHORITY", "localAuthorityOverride", code + " is not in the reference data"));
        } else {
            la = reference.localAuthorityOf(postcode).orElseThrow(() -> ProblemException.badRequest(
                    "UNRESOLVED_POSTCODE", "postcode", "no local authority is known for " + postcode
                            + "; give localAuthorityOverride"));
        }
        PremisesEntity p = new PremisesEntity();
        p.id = UUID.randomUUID();
        p.postcode = postcode.value();
        p.uprn = request.uprn();
        p.localAuthorityCode = la.code();
        p.regionCode = la.regionCode();
        return p.persist().replaceWith(p);
    }

    @WithSession
    public Uni<PremisesEntity> premises(UUID id) {
        return PremisesEntity.<PremisesEntity>findById(id).onItem().ifNull().failWith(() ->
                new ProblemException(404, "UNKNOWN_PREMISES", "premisesId", "premises " + id + " is not registered"));
    }

    /** Pre-notification (SRV 12.2): the device enters the inventory as PENDING. */
    @WithTransaction
    public Uni<DeviceEntity> preNotify(NewDevice request, Caller caller) {
        DeviceId id = DeviceId.parse(request.deviceId());
        DeviceType type = deviceType(request.deviceType());
        if (!caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES)) {
            throw ProblemException.roleNotPermitted("only a supplier registers devices for itself");
        }
        if (request.premisesId() == null) {
            throw ProblemException.badRequest("REQUIRED", "premisesId", "premisesId is required");
        }
        DeviceEntity d = new DeviceEntity();
        d.id = id.value();
        d.deviceType = type;
        d.manufacturer = request.manufacturer();
        d.model = request.model();
        d.firmwareVersion = request.firmwareVersion();
        d.smetsVersion = request.smetsVersion() == null ? "SMETS2" : request.smetsVersion();
        d.premisesId = request.premisesId();
        d.supplierOrg = caller.org();
        d.chfId = request.chfId() == null ? null : DeviceId.parse(request.chfId(), "chfId").value();
        if (type == DeviceType.ESME) {
            MpanCore mpan = MpanCore.parse(request.mpxn(), "mpxn");
            d.mpxn = mpan.value();
            d.distributionArea = mpan.distributorId();
            d.fuel = DeviceType.Fuel.ELECTRICITY.name();
        } else if (type == DeviceType.GSME) {
            d.mpxn = Mprn.parse(request.mpxn(), "mpxn").value();
            d.fuel = DeviceType.Fuel.GAS.name();
        } else if (request.mpxn() != null) {
            throw ProblemException.badRequest("MPXN_NOT_APPLICABLE", "mpxn", "a " + type + " has no metering point");
        }
        StatusChange initial = initialStatus(request.effectiveAt());
        d.status = initial.to();
        d.statusEffectiveAt = initial.effectiveAt();
        return DeviceEntity.<DeviceEntity>findById(d.id)
                .invoke(existing -> {
                    if (existing != null) {
                        throw new ProblemException(409, "DEVICE_EXISTS", "deviceId",
                                "device " + d.id + " is already in the inventory", existing.status.name());
                    }
                })
                .chain(() -> premises(d.premisesId))
                .chain(premises -> {
                    if (d.deviceType == DeviceType.CHF) {
                        // a hub at a premises: the meters there name it as their chfId
                        d.chfId = null;
                    }
                    return d.persist()
                            .chain(() -> StatusHistoryEntity.of(d.id, d.status, d.statusEffectiveAt, caller.org()).persist())
                            .chain(() -> emit(EventType.DEVICE_PRE_NOTIFIED, d, premises, null));
                })
                .invoke(() -> LOG.infof("%s pre-notified %s %s at premises %s", caller.org(), d.deviceType, d.id, d.premisesId))
                .replaceWith(d);
    }

    @WithSession
    public Uni<DeviceEntity> device(String deviceId, Caller caller) {
        DeviceId id = DeviceId.parse(deviceId);
        return DeviceEntity.<DeviceEntity>findById(id.value())
                .onItem().ifNull().failWith(() -> ProblemException.unknownDevice(id.value()))
                .invoke(d -> authorise(d, caller));
    }

    @WithTransaction
    public Uni<DeviceEntity> changeStatus(String deviceId, SmiStatus to, Instant effectiveAt, Caller caller) {
        return device(deviceId, caller).chain(d -> {
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
            return StatusHistoryEntity.of(d.id, d.status, d.statusEffectiveAt, caller.org()).persist()
                    .chain(() -> PremisesEntity.<PremisesEntity>findById(d.premisesId))
                    .chain(premises -> emit(type, d, premises, from))
                    .invoke(() -> LOG.infof("%s %s moved from %s to %s (effective %s) by %s", d.deviceType, d.id, from,
                            to, change.effectiveAt(), caller.org()))
                    .replaceWith(d);
        });
    }

    @WithSession
    public Uni<List<StatusHistoryEntity>> history(String deviceId, Caller caller) {
        return device(deviceId, caller).chain(d -> StatusHistoryEntity.<StatusHistoryEntity>list(
                "deviceId = ?1 order by effectiveAt, id", d.id));
    }

    /** Signs a commissioned hub's CSR; its registered supplier asks on the hub's behalf. */
    @WithTransaction
    public Uni<HubCertificate> issueHubCertificate(String chfId, CertificateRequest request, Caller caller) {
        return device(chfId, caller).chain(d -> {
            if (d.deviceType != DeviceType.CHF) {
                throw new ProblemException(422, "E11", "deviceId", d.id + " is a " + d.deviceType
                        + "; only a comms hub (CHF) holds a broker certificate");
            }
            if (!caller.isOperator() && !caller.org().equals(d.supplierOrg)) {
                throw ProblemException.notAuthorisedForDevice(d.id);
            }
            if (!d.status.inService()) {
                throw new ProblemException(409, "E5", "deviceId", "hub " + d.id + " is " + d.status
                        + "; a certificate is issued only to a commissioned hub", d.status.name());
            }
            IssuedCertificate cert = ca.signHub(DeviceId.parse(d.id), request == null ? null : request.csr());
            HubCertificateEntity e = new HubCertificateEntity();
            e.serialNumber = cert.serialNumber();
            e.chfId = d.id;
            e.notBefore = cert.notBefore();
            e.notAfter = cert.notAfter();
            e.issuedToOrg = caller.org();
            return e.persist()
                    .chain(() -> outbox.append(EventEnvelope.of(EventType.HUB_CERTIFICATE_ISSUED, Instant.now(), SOURCE, d.id,
                            new CertificateIssued(d.id, cert.serialNumber(), cert.notAfter()))))
                    .invoke(() -> LOG.infof("issued broker certificate %s to hub %s, valid until %s", cert.serialNumber(),
                            d.id, cert.notAfter()))
                    .replaceWith(new HubCertificate(d.id, cert.serialNumber(), cert.certificatePem(), ca.caCertificatePem(),
                            cert.notBefore(), cert.notAfter()));
        });
    }

    record CertificateIssued(String chfId, String serialNumber, Instant notAfter) {
    }

    private Uni<Void> emit(EventType type, DeviceEntity d, PremisesEntity premises, SmiStatus previous) {
        DeviceState state = new DeviceState(d.id, d.deviceType.name(), d.status.name(), previous == null ? null : previous.name(),
                d.statusEffectiveAt, d.chfId, d.mpxn, d.fuel, d.premisesId.toString(), premises.postcode,
                premises.localAuthorityCode, premises.regionCode, d.distributionArea, d.supplierOrg, d.smetsVersion);
        return outbox.append(EventEnvelope.of(type, d.statusEffectiveAt, SOURCE, d.id, state));
    }

    private StatusChange initialStatus(Instant effectiveAt) {
        Instant now = Instant.now();
        Instant effective = effectiveAt == null ? now : effectiveAt;
        if (effective.isAfter(now.plus(SmiLifecycle.CLOCK_SKEW))) {
            throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "effectiveAt", "effectiveAt " + effective + " is in the future");
        }
        return new StatusChange(null, SmiStatus.PENDING, effective);
    }

    private static void authorise(DeviceEntity d, Caller caller) {
        if (!DeviceAccess.permits(caller, d.supplierOrg, d.distributionArea)) {
            throw ProblemException.notAuthorisedForDevice(d.id);
        }
    }

    static DeviceType deviceType(String text) {
        try {
            return DeviceType.valueOf(text == null ? "" : text.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("INVALID_DEVICE_TYPE", "deviceType", "deviceType '" + text
                    + "' is not one of " + java.util.Arrays.toString(DeviceType.values()));
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
