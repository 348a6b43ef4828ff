package org.meternet.installation.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.meternet.installation.domain.SmiStatus;

@Entity
@Table(name = "device_status_history")
public class StatusHistoryEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "device_id")
    public String deviceId;
    @Enumerated(EnumType.STRING)
    public SmiStatus status;
    @Column(name = "effective_at")
    public Instant effectiveAt;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    @Column(name = "changed_by")
    public String changedBy;

    public static StatusHistoryEntity of(String deviceId, SmiStatus status, Instant effectiveAt, String changedBy) {
        StatusHistoryEntity h = new StatusHistoryEntity();
        h.deviceId = deviceId;
        h.status = status;
        h.effectiveAt = effectiveAt;
        h.recordedAt = Instant.now();
        h.changedBy = changedBy;
        return h;
    }
}
