package org.meternet.gateway.domain;

import java.util.Map;
import java.util.Set;

/**
 * Where a device service request is. QUEUED until the broker holds the command (SENT); DELIVERED when the hub
 * acknowledges it; then SUCCEEDED or FAILED from the device's answer. A command no hub took before its time to live
 * is EXPIRED; one delivered but not answered within the response timeout is TIMED_OUT (E21).
 */
public enum ServiceRequestState {
    QUEUED, SENT, DELIVERED, SUCCEEDED, FAILED, TIMED_OUT, EXPIRED;

    private static final Map<ServiceRequestState, Set<ServiceRequestState>> NEXT = Map.of(
            QUEUED, Set.of(SENT, DELIVERED, SUCCEEDED, FAILED, EXPIRED),
            // a hub's answer may overtake its acknowledgement
            SENT, Set.of(DELIVERED, SUCCEEDED, FAILED, EXPIRED),
            DELIVERED, Set.of(SUCCEEDED, FAILED, TIMED_OUT));

    public boolean terminal() {
        return !NEXT.containsKey(this);
    }

    /** Whether a request in this state may move to {@code next}; a repeated or late report of a state may not. */
    public boolean mayBecome(ServiceRequestState next) {
        return NEXT.getOrDefault(this, Set.of()).contains(next);
    }

    /** The states a request may come to this one from. */
    public java.util.List<ServiceRequestState> from() {
        return java.util.Arrays.stream(values()).filter(s -> s.mayBecome(this)).toList();
    }

    /** The DUIS response code of a request in this state. */
    public String responseCode() {
        return switch (this) {
            case SUCCEEDED -> "I0";
            case TIMED_OUT -> "E21";
            case EXPIRED -> "E20";
            case FAILED -> null; // the device's own code, as the hub reports it
            default -> "I99";
        };
    }
}
