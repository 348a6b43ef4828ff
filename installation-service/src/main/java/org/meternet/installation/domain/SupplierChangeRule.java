package org.meternet.installation.domain;

import java.time.Duration;
import java.time.Instant;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.RegisteredSupplier;

/**
 * Change of supplier: effective-dated, possibly ahead (a switch date) or behind (a migrated
 * record). The meter keeps its status; only who is registered changes, from the effective time.
 */
public final class SupplierChangeRule {
    public static final Duration MAX_AHEAD = Duration.ofDays(90);

    private SupplierChangeRule() {
    }

    /** The registration after the change, as of now. */
    public static RegisteredSupplier apply(RegisteredSupplier before, Instant registeredSince, String gaining,
            Instant effectiveFrom, Instant now) {
        RegisteredSupplier settled = new RegisteredSupplier(before.at(now), null, null);
        if (effectiveFrom.isAfter(now.plus(MAX_AHEAD))) {
            throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "effectiveAt", "a change of supplier can be dated at most "
                    + MAX_AHEAD.toDays() + " days ahead");
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
