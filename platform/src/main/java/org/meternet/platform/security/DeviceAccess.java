package org.meternet.platform.security;

import java.util.Set;

/**
 * Who may see and act on a device (DUIS): the operator; the device's registered supplier; the
 * network operator of the distribution area the device's metering point lies in.
 */
public final class DeviceAccess {
    public static final Set<String> SUPPLIER_ROLES = Set.of("IS", "ES", "GS", "RSA");
    public static final Set<String> NETWORK_ROLES = Set.of("ED", "GT");

    private DeviceAccess() {
    }

    public static boolean permits(Caller caller, String registeredSupplier, Integer distributionArea) {
        if (caller.isOperator()) {
            return true;
        }
        if (caller.org() == null) {
            return false;
        }
        boolean supplier = caller.roles().stream().anyMatch(SUPPLIER_ROLES::contains);
        if (supplier && caller.org().equals(registeredSupplier)) {
            return true;
        }
        boolean network = caller.roles().stream().anyMatch(NETWORK_ROLES::contains);
        return network && distributionArea != null && caller.distributionAreas().contains(distributionArea);
    }
}
