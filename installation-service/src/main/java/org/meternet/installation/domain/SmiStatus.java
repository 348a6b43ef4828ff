package org.meternet.installation.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * A device's status in the Smart Metering Inventory and the statuses it may move to.
 * Pending (pre-notified) -> Whitelisted (on the hub's device log) -> InstalledNotCommissioned
 * (joined the HAN) -> Commissioned; then Decommissioned, Suspended, Recovery/Recovered.
 * Withdrawn ends a device that never went into service. Decommissioned and Withdrawn are final.
 */
public enum SmiStatus {
    PENDING,
    WHITELISTED,
    INSTALLED_NOT_COMMISSIONED,
    COMMISSIONED,
    SUSPENDED,
    RECOVERY,
    RECOVERED,
    DECOMMISSIONED,
    WITHDRAWN;

    public Set<SmiStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(WHITELISTED, WITHDRAWN);
            case WHITELISTED -> EnumSet.of(INSTALLED_NOT_COMMISSIONED, PENDING, WITHDRAWN);
            case INSTALLED_NOT_COMMISSIONED -> EnumSet.of(COMMISSIONED, DECOMMISSIONED, WITHDRAWN);
            case COMMISSIONED -> EnumSet.of(SUSPENDED, RECOVERY, DECOMMISSIONED);
            case SUSPENDED -> EnumSet.of(COMMISSIONED, DECOMMISSIONED);
            case RECOVERY -> EnumSet.of(RECOVERED, DECOMMISSIONED);
            case RECOVERED -> EnumSet.of(COMMISSIONED, DECOMMISSIONED);
            case DECOMMISSIONED, WITHDRAWN -> EnumSet.noneOf(SmiStatus.class);
        };
    }

    public boolean canMoveTo(SmiStatus target) {
        return next().contains(target);
    }

    /** Only a commissioned device's traffic is accepted and its hub may hold a certificate. */
    public boolean inService() {
        return this == COMMISSIONED;
    }
}
