package org.meternet.platform.id;

/**
 * A gas Meter Point Reference Number: up to 10 digits. Check-digit schemes vary by transporter
 * and are not a reason to refuse one, so only the shape is enforced.
 */
public record Mprn(String value) {
    public static final String CODE = "INVALID_MPRN";

    public Mprn {
        value = validated(value, "mprn");
    }

    public static Mprn parse(String text) {
        return parse(text, "mprn");
    }

    public static Mprn parse(String text, String field) {
        return new Mprn(validated(text, field));
    }

    private static String validated(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidIdentifierException(field, CODE, field + " is required (MPRN, up to 10 digits)");
        }
        String digits = text.trim();
        if (digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidIdentifierException(field, CODE, field + " '" + text + "' is not an MPRN: up to 10 digits");
        }
        if (digits.chars().allMatch(c -> c == '0')) {
            throw new InvalidIdentifierException(field, CODE, field + " '" + text + "' is all zeros");
        }
        return digits;
    }

    @Override
    public String toString() {
        return value;
    }
}
