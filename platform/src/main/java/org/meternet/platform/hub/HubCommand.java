package org.meternet.platform.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A service request sent to a hub for one of its devices (meternet/v1/hubs/&lt;chf&gt;/down/&lt;device&gt;/commands).
 * A hub acts on it only before {@code expiresAt}; it answers on .../up/&lt;device&gt;/responses with {@link HubResponse}s.
 */
public record HubCommand(String requestId, String srv, String deviceId, JsonNode params, Instant expiresAt) {
}
