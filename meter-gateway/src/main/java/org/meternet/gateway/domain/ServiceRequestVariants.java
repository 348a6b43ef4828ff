package org.meternet.gateway.domain;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** DUIS service request variants and the roles eligible for each (DESIGN.md, a starting subset). */
public final class ServiceRequestVariants {
    private static final Set<String> ALL = Set.of("IS", "ES", "GS", "RSA", "ED", "GT", "OU");

    public record Variant(String srv, String name, boolean critical, Set<String> eligibleRoles) {
    }

    private static final Map<String, Variant> VARIANTS = Map.ofEntries(
            v("1.1.1", "Update Import Tariff (Primary Element)", true, Set.of("IS", "GS")),
            v("4.1.1", "Read Instantaneous Import Registers", false, Set.of("IS", "GS", "ED", "GT")),
            v("4.6.1", "Retrieve Import Daily Read Log", false, Set.of("IS", "GS")),
            v("4.8.1", "Read Active Import Profile Data", false, Set.of("IS", "GS", "ED", "GT", "OU")),
            v("6.2.7", "Read Device Configuration (MPxN)", false, Set.of("IS", "ES", "GS", "RSA", "ED", "GT", "OU")),
            v("6.23", "Update Security Credentials (CoS)", false, Set.of("IS", "GS")),
            v("7.1", "Enable Supply", true, Set.of("IS", "GS")),
            v("7.2", "Disable Supply", true, Set.of("IS", "GS")),
            v("7.4", "Read Supply Status", false, Set.of("IS", "ES", "GS", "RSA", "ED", "GT")),
            v("8.1.1", "Commission Device", true, Set.of("IS", "GS")),
            v("8.2", "Read Inventory", false, ALL),
            v("8.3", "Decommission Device", false, Set.of("IS", "GS")),
            v("8.11", "Update HAN Device Log", false, Set.of("IS", "GS", "OU")),
            v("11.2", "Read Firmware Version", false, Set.of("IS", "ES", "GS", "RSA", "ED", "GT", "OU")),
            v("12.2", "Device Pre-notification", false, ALL));

    private ServiceRequestVariants() {
    }

    private static Map.Entry<String, Variant> v(String srv, String name, boolean critical, Set<String> roles) {
        return Map.entry(srv, new Variant(srv, name, critical, roles));
    }

    public static Optional<Variant> find(String srv) {
        return Optional.ofNullable(VARIANTS.get(srv));
    }

    /** E2 unless one of the caller's roles is eligible; the operator may use every variant. */
    public static boolean permits(Variant variant, Set<String> callerRoles) {
        return callerRoles.contains("operator") || callerRoles.stream().anyMatch(variant.eligibleRoles()::contains);
    }
}
