package org.meternet.platform.projection;

/** What a service's device projection knows of a device; the supplier is the one registered now. */
public record KnownDevice(String deviceId, String deviceType, String status, String chfId, String supplierOrg,
        Integer distributionArea, String regionCode, String mpxn) {
}
