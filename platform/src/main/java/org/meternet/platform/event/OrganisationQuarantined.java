package org.meternet.platform.event;

import java.time.Instant;

/**
 * Payload of organisation.quarantined (meter-gateway): an organisation went over an anomaly threshold for a service
 * request variant, and its service requests are held until an operator releases them; an alert for the operator.
 */
public record OrganisationQuarantined(String org, String srv, long requests, long threshold, String interval, Instant since) {
}
