package org.meternet.installation.api;

import java.time.Instant;
import java.util.UUID;

/** Request and response bodies of the inventory API. */
public final class InventoryDtos {
    private InventoryDtos() {
    }

    public record NewPremises(String postcode, String uprn, String localAuthorityOverride) {
    }

    public record Premises(UUID premisesId, String postcode, String uprn, String localAuthorityCode,
            String localAuthorityName, String regionCode, String attribution) {
    }

    /** Pre-notification of a device (SRV 12.2). */
    public record NewDevice(String deviceId, String deviceType, UUID premisesId, String mpxn, String chfId,
            String manufacturer, String model, String firmwareVersion, String smetsVersion, Instant effectiveAt) {
    }

    public record Device(String deviceId, String deviceType, String status, Instant statusEffectiveAt, UUID premisesId,
            String localAuthorityCode, String mpxn, String fuel, Integer distributionArea, String chfId,
            String supplierOrg, String manufacturer, String model, String firmwareVersion, String smetsVersion,
            long version) {
    }

    public record StatusChangeRequest(String status, Instant effectiveAt) {
    }

    public record StatusHistoryEntry(String status, Instant effectiveAt, Instant recordedAt, String changedBy) {
    }

    public record CertificateRequest(String csr) {
    }

    public record HubCertificate(String chfId, String serialNumber, String certificate, String caCertificate,
            Instant notBefore, Instant notAfter) {
    }
}
