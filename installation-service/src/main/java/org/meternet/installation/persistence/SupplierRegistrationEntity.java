package org.meternet.installation.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "supplier_registration")
public class SupplierRegistrationEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "device_id")
    public String deviceId;
    @Column(name = "supplier_org")
    public String supplierOrg;
    @Column(name = "effective_from")
    public Instant effectiveFrom;
    @Column(name = "recorded_at")
    public Instant recordedAt;

    public static SupplierRegistrationEntity of(String deviceId, String org, Instant from) {
        SupplierRegistrationEntity e = new SupplierRegistrationEntity();
        e.deviceId = deviceId;
        e.supplierOrg = org;
        e.effectiveFrom = from;
        e.recordedAt = Instant.now();
        return e;
    }
}
