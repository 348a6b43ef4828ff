package org.meternet.platform.event;

import java.time.Instant;

/**
 * Payload of service-request.completed (meter-gateway): one service request's end, with its
 * outcome (SUCCEEDED, FAILED, TIMED_OUT, EXPIRED), the DUIS response code and how long it took.
 */
public record ServiceRequestCompleted(String requestId, String srv, String deviceId, String deviceType, String regionCode,
        String originatorOrg, String outcome, String responseCode, long latencyMs, Instant requestedAt, Instant completedAt) {
    public boolean succeeded() {
        return "SUCCEEDED".equals(outcome);
    }
}
