package org.meternet.platform.event;

import java.time.Instant;

/** Payload of installation.supplier-changed: from effectiveFrom the gaining supplier is registered. */
public record SupplierChange(String deviceId, String deviceType, String losingSupplier, String gainingSupplier,
        Instant effectiveFrom, Integer distributionArea) {
}
