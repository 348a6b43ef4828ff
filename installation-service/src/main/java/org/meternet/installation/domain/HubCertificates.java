package org.meternet.installation.domain;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.meternet.installation.api.InventoryDtos.CertificateRequest;
import org.meternet.installation.api.InventoryDtos.HubCertificate;
import org.meternet.installation.persistence.HubCertificateEntity;
import org.meternet.installation.pki.CaConfig;
import org.meternet.installation.pki.DeviceCertificateAuthority;
import org.meternet.installation.pki.DeviceCertificateAuthority.IssuedCertificate;
import org.meternet.installation.pki.DeviceCertificateAuthority.Revoked;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.outbox.Outbox;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;

/**
 * Broker certificates of comms hubs: issued only to a commissioned hub at its registered
 * supplier's request, revoked when the hub is decommissioned, with the CRL kept current.
 */
@ApplicationScoped
public class HubCertificates {
    private static final Logger LOG = Logger.getLogger(HubCertificates.class);
    private final DeviceCertificateAuthority ca;
    private final InventoryService inventory;
    private final Outbox outbox;
    private final CaConfig config;
    private final io.vertx.mutiny.sqlclient.Pool pool;

    public HubCertificates(DeviceCertificateAuthority ca, InventoryService inventory, Outbox outbox, CaConfig config,
            io.vertx.mutiny.sqlclient.Pool pool) {
        this.pool = pool;
        this.ca = ca;
        this.inventory = inventory;
        this.outbox = outbox;
        this.config = config;
    }

    public record CertificateIssued(String chfId, String serialNumber, Instant notAfter) {
    }

    @WithTransaction
    public Uni<HubCertificate> issue(String chfId, CertificateRequest request, Caller caller) {
        return inventory.device(chfId, caller, InventoryAccess.Operation.ISSUE_HUB_CERTIFICATE).chain(d -> {
            if (d.deviceType != DeviceType.CHF) {
                throw new ProblemException(422, "E11", "deviceId", d.id + " is a " + d.deviceType
                        + "; only a comms hub (CHF) holds a broker certificate");
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
                    .chain(() -> outbox.append(EventEnvelope.of(EventType.HUB_CERTIFICATE_ISSUED, Instant.now(),
                            InventoryService.SOURCE, d.id, new CertificateIssued(d.id, cert.serialNumber(), cert.notAfter()))))
                    .invoke(() -> LOG.infof("issued broker certificate %s to hub %s, valid until %s", cert.serialNumber(),
                            d.id, cert.notAfter()))
                    .replaceWith(new HubCertificate(d.id, cert.serialNumber(), cert.certificatePem(), ca.caCertificatePem(),
                            cert.notBefore(), cert.notAfter()));
        });
    }

    /** The current CRL, PEM (plain SQL: it is also made at start-up, outside any request). */
    public Uni<String> crl() {
        return pool.query("select serial_number, revoked_at from hub_certificate where revoked_at is not null order by revoked_at")
                .execute().map(rows -> {
                    List<Revoked> revoked = new java.util.ArrayList<>();
                    for (io.vertx.mutiny.sqlclient.Row r : rows) {
                        revoked.add(new Revoked(r.getString("serial_number"), r.getOffsetDateTime("revoked_at").toInstant()));
                    }
                    return ca.crlPem(revoked);
                });
    }

    /** The CRL is rewritten at start-up, so the broker never finds one past its next update. */
    void refreshAtStartup(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent ev) {
        publishCrl().subscribe().with(ok -> { }, e -> LOG.errorf("cannot publish the CRL at start-up: %s", e.getMessage()));
    }

    /** Writes the current CRL where the broker reads it (atomically: write then move). */
    public Uni<Void> publishCrl() {
        if (config.crlFile().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Path target = Path.of(config.crlFile().get());
        return crl().emitOn(Infrastructure.getDefaultWorkerPool()).invoke(pem -> {
            try {
                Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "crl", ".tmp");
                Files.writeString(tmp, pem);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                LOG.infof("published the CRL to %s", target);
            } catch (IOException e) {
                LOG.errorf("cannot write the CRL to %s: %s", target, e.getMessage());
            }
        }).replaceWithVoid();
    }

    public String caCertificate() {
        return ca.caCertificatePem();
    }

}
