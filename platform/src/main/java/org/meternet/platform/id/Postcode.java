package org.meternet.platform.id;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A full GB postcode, normalised to upper case with one space: {@code ME19 4AB}. */
public record Postcode(String value) {
    public static final String CODE = "INVALID_POSTCODE";
    // Outward: A9, A99, AA9, AA99, A9A, AA9A; inward: 9AA (letters C I K M O V never appear inward).
    private static final Pattern SHAPE = Pattern.compile(
            "^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$");

    public Postcode {
        value = normalised(value, "postcode");
    }

    public static Postcode parse(String text) {
        return parse(text, "postcode");
    }

    public static Postcode parse(String text, String field) {
        return new Postcode(normalised(text, field));
    }

    private static String normalised(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidIdentifierException(field, CODE, field + " is required (GB postcode, e.g. ME19 4AB)");
        }
        String compact = text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        Matcher m = SHAPE.matcher(compact);
        if (compact.length() < 5 || compact.length() > 7 || !m.matches()) {
            throw new InvalidIdentifierException(field, CODE, field + " '" + text + "' is not a GB postcode (e.g. ME19 4AB)");
        }
        return compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3);
    }

    /** The outward code (postcode district), e.g. ME19. */
    public String outward() {
        return value.substring(0, value.indexOf(' '));
    }

    /** The postcode sector, e.g. ME19 4. */
    public String sector() {
        return value.substring(0, value.indexOf(' ') + 2);
    }

    @Override
    public String toString() {
        return value;
    }
}
