package org.meternet.platform.id;

import java.util.regex.Pattern;

/** An ONS local authority district code: English, Welsh or Scottish (e.g. E07000033 Bolsover). */
public record LocalAuthorityCode(String value) {
    public static final String CODE = "INVALID_LOCAL_AUTHORITY";
    private static final Pattern SHAPE = Pattern.compile("^(E0[6789]|W06|S12)\\d{6}$");

    public LocalAuthorityCode {
        value = checked(value, "localAuthority");
    }

    public static LocalAuthorityCode parse(String text) {
        return new LocalAuthorityCode(text);
    }

    /** The same, naming the field the code came in when it is refused. */
    public static LocalAuthorityCode parse(String text, String field) {
        return new LocalAuthorityCode(checked(text, field));
    }

    private static String checked(String value, String field) {
        if (value == null || !SHAPE.matcher(value.trim()).matches()) {
            throw new InvalidIdentifierException(field, CODE,
                    field + " '" + value + "' is not a local authority district code (E06, E07, E08, E09, W06 or S12 and six digits)");
        }
        return value.trim();
    }

    @Override
    public String toString() {
        return value;
    }
}
