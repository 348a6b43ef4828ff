package org.meternet.installation.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.meternet.installation.domain.InstallationPlan.DeviceSpec;

/** Request and response bodies of the inventory API. */
public final class InventoryDtos {
    private InventoryDtos() {
    }

    public record Premises(UUID premisesId, String postcode, String uprn, String localAuthorityCode,
            String localAuthorityName, String regionCode, String attribution) {
    }

    /** Pre-notification of one device (SRV 12.2) at a registered premises. */
    public record NewDevice(String deviceId, String deviceType, UUID premisesId, String mpxn, String fuel, String chfId,
            String gpfId, String meterId, String manufacturer, String model, String firmwareVersion, String smetsVersion,
            Instant effectiveAt) {
        public DeviceSpec spec() {
            return new DeviceSpec(deviceId, deviceType, mpxn, fuel, manufacturer, model, firmwareVersion, smetsVersion);
        }
    }

    public record Device(String deviceId, String deviceType, String status, Instant statusEffectiveAt, UUID premisesId,
            UUID installationId, String mpxn, String fuel, Integer distributionArea, String chfId, String gpfId,
            String meterId, String supplierOrg, String pendingSupplierOrg, Instant pendingSupplierFrom,
            String manufacturer, String model, String firmwareVersion, String smetsVersion, long version) {
    }

    public record InstalledDevice(String deviceId, String deviceType, String status) {
    }

    public record Installation(UUID installationId, UUID premisesId, String localAuthorityCode, String supplierOrg,
            Instant installedAt, List<InstalledDevice> devices) {
    }

    public record StatusChangeRequest(String status, Instant effectiveAt) {
    }

    public record StatusHistoryEntry(String status, Instant effectiveAt, Instant recordedAt, String changedBy) {
    }

    public record SupplierChangeRequest(String gainingSupplier, Instant effectiveAt) {
    }

    public record SupplierPeriod(String supplierOrg, Instant effectiveFrom, Instant effectiveTo) {
    }

    public record CertificateRequest(String csr) {
    }

    public record HubCertificate(String chfId, String serialNumber, String certificate, String caCertificate,
            Instant notBefore, Instant notAfter) {
    }
}
