package org.meternet.installation.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.meternet.installation.domain.DeviceType;
import org.meternet.installation.domain.SmiStatus;

@Entity
@Table(name = "device")
public class DeviceEntity extends PanacheEntityBase {
    @Id
    public String id;
    @Enumerated(EnumType.STRING)
    @Column(name = "device_type")
    public DeviceType deviceType;
    public String manufacturer;
    public String model;
    @Column(name = "firmware_version")
    public String firmwareVersion;
    @Column(name = "smets_version")
    public String smetsVersion;
    @Enumerated(EnumType.STRING)
    public SmiStatus status;
    @Column(name = "status_effective_at")
    public Instant statusEffectiveAt;
    @Column(name = "premises_id")
    public UUID premisesId;
    public String mpxn;
    public String fuel;
    @Column(name = "distribution_area")
    public Integer distributionArea;
    @Column(name = "chf_id")
    public String chfId;
    @Column(name = "supplier_org")
    public String supplierOrg;
    @Column(name = "installation_id")
    public UUID installationId;
    @Column(name = "gpf_id")
    public String gpfId;
    @Column(name = "meter_id")
    public String meterId;
    @Column(name = "next_supplier_org")
    public String nextSupplierOrg;
    @Column(name = "next_supplier_from")
    public Instant nextSupplierFrom;
    @Version
    public long version;

    public org.meternet.platform.security.RegisteredSupplier registeredSupplier() {
        return new org.meternet.platform.security.RegisteredSupplier(supplierOrg, nextSupplierOrg, nextSupplierFrom);
    }
}
