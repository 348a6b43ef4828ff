package org.meternet.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A service request as the API shows it. */
public record ServiceRequest(String requestId, String srv, String deviceId, String deviceType, ServiceRequestState state,
        String responseCode, JsonNode response, Instant requestedAt, Instant sentAt, Instant deliveredAt, Instant completedAt,
        Instant expiresAt, Long latencyMs) {
}
