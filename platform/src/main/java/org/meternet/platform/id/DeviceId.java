package org.meternet.platform.id;

import java.util.Locale;

/**
 * A device's EUI-64 in the DUIS text form {@code 00-DB-12-34-56-78-90-A0}. Input may use dashes,
 * colons or no separators, in either case; the canonical form is upper case with dashes, and that
 * form is what goes into topics and the database.
 */
public record DeviceId(String value) {
    public static final String CODE = "INVALID_EUI64";

    public DeviceId {
        value = canonical(value, "deviceId");
    }

    public static DeviceId parse(String text) {
        return parse(text, "deviceId");
    }

    public static DeviceId parse(String text, String field) {
        return new DeviceId(canonical(text, field));
    }

    private static String canonical(String text, String field) {
        if (isCanonical(text)) {
            return text; // what every topic, event and row carries: read on every hub message, so taken as it is
        }
        if (text == null || text.isBlank()) {
            throw new InvalidIdentifierException(field, CODE, field + " is required (EUI-64, e.g. 00-DB-12-34-56-78-90-A0)");
        }
        String trimmed = text.trim();
        String hex;
        if (trimmed.length() == 16) {
            hex = trimmed;
        } else if (trimmed.length() == 23 && separatedConsistently(trimmed)) {
            hex = trimmed.replace(String.valueOf(trimmed.charAt(2)), "");
        } else {
            throw new InvalidIdentifierException(field, CODE,
                    field + " '" + text + "' is not an EUI-64: expected 8 hex octets such as 00-DB-12-34-56-78-90-A0");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new InvalidIdentifierException(field, CODE,
                        field + " '" + text + "' contains '" + hex.charAt(i) + "', which is not a hex digit");
            }
        }
        hex = hex.toUpperCase(Locale.ROOT);
        if (hex.chars().allMatch(c -> c == '0') || hex.chars().allMatch(c -> c == 'F')) {
            throw new InvalidIdentifierException(field, CODE, field + " '" + text + "' is a reserved EUI-64 (all zeros or all ones)");
        }
        StringBuilder out = new StringBuilder(23);
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                out.append('-');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }

    /** Already in the canonical form: upper-case hex octets joined by dashes, neither all zeros nor all ones. */
    private static boolean isCanonical(String s) {
        if (s == null || s.length() != 23) {
            return false;
        }
        boolean zeros = true;
        boolean ones = true;
        for (int i = 0; i < 23; i++) {
            char c = s.charAt(i);
            if (i % 3 == 2) {
                if (c != '-') {
                    return false;
                }
            } else if ((c < '0' || c > '9') && (c < 'A' || c > 'F')) {
                return false;
            } else {
                zeros &= c == '0';
                ones &= c == 'F';
            }
        }
        return !zeros && !ones;
    }

    private static boolean separatedConsistently(String s) {
        char sep = s.charAt(2);
        if (sep != '-' && sep != ':') {
            return false;
        }
        for (int i = 2; i < s.length(); i += 3) {
            if (s.charAt(i) != sep) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
