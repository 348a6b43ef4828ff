package org.meternet.installation.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "installation")
public class InstallationEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "premises_id")
    public UUID premisesId;
    @Column(name = "supplier_org")
    public String supplierOrg;
    @Column(name = "installed_at")
    public Instant installedAt;
}
