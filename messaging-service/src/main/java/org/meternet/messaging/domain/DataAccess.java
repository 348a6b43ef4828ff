package org.meternet.messaging.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meternet.messaging.domain.RegistrationHistory.Period;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.DeviceAccess;

/**
 * Which part of a device's data a caller is served: the operator and the network operator of the device's area see
 * all of it; a supplier only the times it was the registered supplier; anyone else nothing (E4).
 */
public final class DataAccess {
    private DataAccess() {
    }

    /** The spans of time whose data the caller may see; empty when it may see none of the device's data. */
    public static List<Period> visiblePeriods(Caller caller, RegistrationHistory history, Integer distributionArea) {
        if (seesAll(caller, distributionArea)) {
            return List.of(Period.ALWAYS);
        }
        if (caller.org() == null || !caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES)) {
            return List.of();
        }
        return history.periodsOf(caller.org());
    }

    /** The operator, or the network operator of the device's distribution area. */
    public static boolean seesAll(Caller caller, Integer distributionArea) {
        return DeviceAccess.permits(caller, null, distributionArea);
    }

    /** Whether the caller may act for the device now: all-seeing, or its registered supplier at this instant. */
    public static boolean permitsNow(Caller caller, RegistrationHistory history, Integer distributionArea, Instant now) {
        return DeviceAccess.permits(caller, history.supplierAt(now), distributionArea);
    }

    /**
     * The registration whose consent choice applies to what this caller reads: for a supplier its own latest
     * registration (a former supplier never sees a later supplier's choice); for the others the one in force now.
     */
    public static Optional<Period> consentPeriod(Caller caller, RegistrationHistory history, Integer distributionArea, Instant now) {
        if (seesAll(caller, distributionArea)) {
            return history.registrationPeriodAt(now);
        }
        return history.latestPeriodOf(caller.org(), now);
    }
}
