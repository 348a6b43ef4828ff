package org.meternet.platform.event;

import java.time.Instant;

/**
 * Payload of every {@code device.*} event: the device as it stands after the change, so that a
 * consumer's projection is an upsert and never needs the previous event to make sense of this one.
 */
public record DeviceState(
        String deviceId,
        String deviceType,
        String status,
        String previousStatus,
        Instant statusEffectiveAt,
        String chfId,
        String mpxn,
        String fuel,
        String premisesId,
        String postcode,
        String localAuthorityCode,
        String regionCode,
        Integer distributionArea,
        String supplierOrg,
        String smetsVersion) {

    /** Meters count towards the roll-out; hubs, displays and proxies do not. */
    public boolean isMeter() {
        return "ESME".equals(deviceType) || "GSME".equals(deviceType);
    }
}
