package org.meternet.installation.domain;

import java.time.Duration;
import java.time.Instant;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.RegisteredSupplier;

/**
 * Change of supplier: effective-dated, possibly ahead (a switch date) or, recorded by the operator
 * only, behind (a migrated record). The meter keeps its status; only who is registered changes,
 * from the effective time. A supplier cannot date its gain in the past: what was collected before
 * belongs to the registration it was collected in, and a backdated gain would take it over.
 */
public final class SupplierChangeRule {
    public static final Duration MAX_AHEAD = Duration.ofDays(90);
    /** How far behind the platform's clock a caller's "now" may be. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private SupplierChangeRule() {
    }

    /**
     * The registration after the change, as of now.
     *
     * @param mayBackdate whether the caller may record a change in the past (the operator, for a migrated record)
     */
    public static RegisteredSupplier apply(RegisteredSupplier before, Instant registeredSince, String gaining,
            Instant effectiveFrom, Instant now, boolean mayBackdate) {
        RegisteredSupplier settled = new RegisteredSupplier(before.at(now), null, null);
        if (effectiveFrom.isAfter(now.plus(MAX_AHEAD))) {
            throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "effectiveAt", "a change of supplier can be dated at most "
                    + MAX_AHEAD.toDays() + " days ahead");
        }
        if (!mayBackdate && effectiveFrom.isBefore(now.minus(CLOCK_SKEW))) {
            throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "effectiveAt", "effectiveAt " + effectiveFrom
                    + " is in the past: a change of supplier takes effect from now or later (only the operator records "
                    + "one in the past, for a migrated record)");
        }
        if (registeredSince != null && !effectiveFrom.isAfter(registeredSince)) {
            throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "effectiveAt", "effectiveAt " + effectiveFrom
                    + " is not after the current registration began (" + registeredSince + ")");
        }
        if (gaining.equals(settled.current())) {
            throw new ProblemException(409, "ALREADY_REGISTERED", "gainingSupplier", gaining + " is already the registered supplier");
        }
        if (effectiveFrom.isAfter(now)) {
            return new RegisteredSupplier(settled.current(), gaining, effectiveFrom);
        }
        return new RegisteredSupplier(gaining, null, null);
    }
}
