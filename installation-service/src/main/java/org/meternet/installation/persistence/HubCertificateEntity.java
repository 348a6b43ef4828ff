package org.meternet.installation.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "hub_certificate")
public class HubCertificateEntity extends PanacheEntityBase {
    @Id
    @Column(name = "serial_number")
    public String serialNumber;
    @Column(name = "chf_id")
    public String chfId;
    @Column(name = "not_before")
    public Instant notBefore;
    @Column(name = "not_after")
    public Instant notAfter;
    @Column(name = "issued_to_org")
    public String issuedToOrg;
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
