package org.meternet.platform.hub;

import java.util.Map;
import java.util.Optional;

/**
 * The GBCS alert codes the platform names, with who is entitled to them. A supplier receives every
 * alert of its meters; the network operator also receives power-outage and voltage alerts, which
 * are about its network. Codes not listed are still accepted and routed to the supplier.
 */
public final class AlertCatalogue {
    public enum Category {
        POWER_OUTAGE, VOLTAGE, SECURITY, SUPPLY, OTHER;

        /** Whether the distribution network operator is entitled to alerts of this category. */
        public boolean concernsNetworkOperator() {
            return this == POWER_OUTAGE || this == VOLTAGE;
        }
    }

    public record AlertType(String code, String name, Category category) {
    }

    private static final Map<String, AlertType> KNOWN = Map.ofEntries(
            entry("8F35", "Supply Outage Restored", Category.POWER_OUTAGE),
            entry("8F36", "Supply Outage Restored - Outage >= 3 minutes", Category.POWER_OUTAGE),
            entry("8F57", "Supply Interrupted", Category.POWER_OUTAGE),
            entry("8085", "Average RMS Voltage below Over Voltage Threshold", Category.VOLTAGE),
            entry("8089", "Average RMS Voltage above Under Voltage Threshold", Category.VOLTAGE),
            entry("808D", "RMS Voltage above Extreme Over Voltage Threshold", Category.VOLTAGE),
            entry("8091", "RMS Voltage above Voltage Swell Threshold", Category.VOLTAGE),
            entry("8095", "RMS Voltage below Extreme Under Voltage Threshold", Category.VOLTAGE),
            entry("8099", "RMS Voltage below Voltage Sag Threshold", Category.VOLTAGE),
            entry("8F3F", "Unauthorised Physical Access Tamper Detected", Category.SECURITY),
            entry("8F74", "Unauthorised Physical Access - Meter Cover Removed", Category.SECURITY),
            entry("8F34", "Supply Enabled after Load Limit", Category.SUPPLY),
            entry("81AA", "Emergency Credit Exhausted", Category.SUPPLY),
            entry("8F69", "Device commissioned", Category.OTHER));

    private AlertCatalogue() {
    }

    private static Map.Entry<String, AlertType> entry(String code, String name, Category category) {
        return Map.entry(code, new AlertType(code, name, category));
    }

    /** "0x8f35", "8F35" -> "8F35"; empty when the text is not a 16-bit hex code. */
    public static Optional<String> normalise(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.startsWith("0x") || code.startsWith("0X") ? code.substring(2) : code;
        return c.matches("[0-9A-Fa-f]{4}") ? Optional.of(c.toUpperCase(java.util.Locale.ROOT)) : Optional.empty();
    }

    /** The type of a normalised code; an unlisted code is an "unlisted alert" of category OTHER. */
    public static AlertType type(String normalisedCode) {
        return KNOWN.getOrDefault(normalisedCode, new AlertType(normalisedCode, "Unlisted alert", Category.OTHER));
    }
}
