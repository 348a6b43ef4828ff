package org.meternet.installation.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The rules of a status change: the transition must be allowed, and its effective time may lie in
 * the past (estates migrated from older systems) but not in the future beyond a small clock skew,
 * nor before the device's current status took effect.
 */
public final class SmiLifecycle {
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private final Clock clock;

    public SmiLifecycle(Clock clock) {
        this.clock = clock;
    }

    public StatusChange change(SmiStatus from, Instant fromEffectiveAt, SmiStatus to, Instant requestedEffectiveAt) {
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(from, to);
        }
        Instant now = clock.instant();
        Instant effective = requestedEffectiveAt == null ? now : requestedEffectiveAt;
        if (effective.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidEffectiveTimeException("effectiveAt " + effective + " is in the future (now " + now
                    + ", allowed skew " + CLOCK_SKEW.toMinutes() + " min)");
        }
        if (fromEffectiveAt != null && effective.isBefore(fromEffectiveAt)) {
            throw new InvalidEffectiveTimeException("effectiveAt " + effective + " is before the current status "
                    + from + " took effect (" + fromEffectiveAt + ")");
        }
        return new StatusChange(from, to, effective);
    }

    public record StatusChange(SmiStatus from, SmiStatus to, Instant effectiveAt) {
    }

    public static class IllegalTransitionException extends RuntimeException {
        private final SmiStatus from;

        public IllegalTransitionException(SmiStatus from, SmiStatus to) {
            super("a device in status " + from + " cannot move to " + to + "; allowed: " + from.next());
            this.from = from;
        }

        public SmiStatus from() {
            return from;
        }
    }

    public static class InvalidEffectiveTimeException extends RuntimeException {
        public InvalidEffectiveTimeException(String message) {
            super(message);
        }
    }
}
