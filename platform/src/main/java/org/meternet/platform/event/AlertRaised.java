package org.meternet.platform.event;

import java.time.Instant;
import java.util.List;

/**
 * Payload of alert.raised: a device alert and the organisations entitled to receive it (the
 * registered supplier; also the network operator for power-outage and voltage alerts).
 */
public record AlertRaised(String alertId, String deviceId, String chfId, String alertCode, String alertName, String category,
        Instant deviceTime, String supplierOrg, Integer distributionArea, List<String> entitledOrgs, String detail) {
}
