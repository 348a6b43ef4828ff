package org.meternet.platform.hub;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A hub's report on a command: DELIVERED (the device has it), then SUCCEEDED (with the device's answer in body) or
 * FAILED (with the device's response code). Repeats are harmless: the platform keeps the first of each.
 */
public record HubResponse(String requestId, String status, String responseCode, JsonNode body) {
    public static final String DELIVERED = "DELIVERED";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
}
