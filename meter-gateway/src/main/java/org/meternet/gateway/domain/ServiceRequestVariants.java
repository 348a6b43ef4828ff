package org.meternet.gateway.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DUIS service request variants: who may ask for each (E2) and, for those that become commands to a device, which
 * device types take them (E11). The table of docs/contracts.md is the default; configuration adds variants or changes roles.
 */
public final class ServiceRequestVariants {
    private static final Set<String> ALL = Set.of("IS", "ES", "GS", "RSA", "ED", "GT", "OU");
    private static final Set<String> METERS = Set.of("ESME", "GSME");

    /**
     * @param deviceTypes the device types the command goes to; empty for a variant the owning service answers
     */
    public record Variant(String srv, String name, boolean critical, Set<String> eligibleRoles, Set<String> deviceTypes) {
        public boolean toDevice() {
            return !deviceTypes.isEmpty();
        }
    }

    private static final Map<String, Variant> DEFAULTS = Map.ofEntries(
            v("1.1.1", "Update Import Tariff (Primary Element)", true, Set.of("IS", "GS"), METERS),
            v("4.1.1", "Read Instantaneous Import Registers", false, Set.of("IS", "GS", "ED", "GT"), METERS),
            v("4.6.1", "Retrieve Import Daily Read Log", false, Set.of("IS", "GS"), METERS),
            v("4.8.1", "Read Active Import Profile Data", false, Set.of("IS", "GS", "ED", "GT", "OU"), METERS),
            v("6.2.7", "Read Device Configuration (MPxN)", false, Set.of("IS", "ES", "GS", "RSA", "ED", "GT", "OU"), METERS),
            v("6.23", "Update Security Credentials (CoS)", false, Set.of("IS", "GS"), METERS),
            v("7.1", "Enable Supply", true, Set.of("IS", "GS"), METERS),
            v("7.2", "Disable Supply", true, Set.of("IS", "GS"), METERS),
            v("7.4", "Read Supply Status", false, Set.of("IS", "ES", "GS", "RSA", "ED", "GT"), METERS),
            v("8.1.1", "Commission Device", true, Set.of("IS", "GS"), Set.of()),
            v("8.2", "Read Inventory", false, ALL, Set.of()),
            v("8.3", "Decommission Device", false, Set.of("IS", "GS"), Set.of()),
            v("8.11", "Update HAN Device Log", false, Set.of("IS", "GS", "OU"), Set.of()),
            v("11.2", "Read Firmware Version", false, Set.of("IS", "ES", "GS", "RSA", "ED", "GT", "OU"),
                    Set.of("ESME", "GSME", "CHF", "GPF")),
            v("12.2", "Device Pre-notification", false, ALL, Set.of()));

    private static final ServiceRequestVariants DEFAULT = new ServiceRequestVariants(Map.of());

    private final Map<String, Variant> variants = new LinkedHashMap<>(DEFAULTS);

    /** The defaults with configured variants added or replacing them. */
    public ServiceRequestVariants(Map<String, Variant> configured) {
        variants.putAll(configured);
    }

    public static ServiceRequestVariants defaults() {
        return DEFAULT;
    }

    private static Map.Entry<String, Variant> v(String srv, String name, boolean critical, Set<String> roles, Set<String> types) {
        return Map.entry(srv, new Variant(srv, name, critical, roles, types));
    }

    public Optional<Variant> variant(String srv) {
        return Optional.ofNullable(variants.get(srv));
    }

    public static Optional<Variant> find(String srv) {
        return DEFAULT.variant(srv);
    }

    /** E2 unless one of the caller's roles is eligible; the operator may use every variant. */
    public static boolean permits(Variant variant, Set<String> callerRoles) {
        return callerRoles.contains("operator") || callerRoles.stream().anyMatch(variant.eligibleRoles()::contains);
    }
}
