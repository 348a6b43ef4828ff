package org.meternet.platform.event;

import java.time.Instant;
import java.util.List;

/**
 * Payload of traffic.counted: the messages to and from meters in one minute of receipt, by
 * direction, kind, supplier, region and device type. It states the minute's totals: a later
 * traffic.counted for the same minute (late messages) replaces the earlier one, it does not add to it.
 */
public record TrafficCounted(Instant minute, List<Count> counts) {
    public record Count(String direction, String kind, String supplier, String region, String deviceType, long messages) {
    }
}
