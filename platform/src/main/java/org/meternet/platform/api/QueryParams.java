package org.meternet.platform.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.meternet.platform.problem.ProblemException;

/** Query parameters read the same way by every API, with the same problem when they are wrong. */
public final class QueryParams {
    private QueryParams() {
    }

    /** The instants PostgreSQL and java.time both hold without surprise: years 1 to 9999. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** An ISO-8601 instant in years 1 to 9999, or the fallback when absent; INVALID_TIME naming the parameter otherwise. */
    public static Instant instant(String text, String field, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("INVALID_TIME", field, field + " '" + printable(text) + "' is not an ISO-8601 instant");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ProblemException.badRequest("INVALID_TIME", field, field + " '" + printable(text) + "' is outside the years 1 to 9999");
        }
        return t;
    }

    /** [from, to) must not run backwards. */
    public static void range(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("INVALID_RANGE", "to", "to (" + to + ") is before from (" + from + ")");
        }
    }

    /** A UUID naming a resource (a premises, an installation); INVALID_ID naming the parameter otherwise. */
    public static java.util.UUID uuid(String text, String field) {
        try {
            if (text != null && text.length() == 36) {
                return java.util.UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // the problem below
        }
        throw ProblemException.badRequest("INVALID_ID", field, field + " must be a UUID, was '" + printable(text) + "'");
    }

    /**
     * A whole number within [min, max], or the fallback when absent; the code naming the parameter when it is
     * not a number or out of range (JAX-RS itself would answer an unparseable number with 404).
     */
    public static long integer(String text, String field, String code, long min, long max, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(code, field, field + " '" + printable(text) + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw ProblemException.badRequest(code, field, field + " must be between " + min + " and " + max
                    + ", not " + value);
        }
        return value;
    }

    /** A whole number within [min, max], or null when absent (the caller's default applies). */
    public static Long optionalInteger(String text, String field, String code, long min, long max) {
        return text == null || text.isBlank() ? null : integer(text, field, code, min, max, 0);
    }

    /** A decimal number within [min, max], or null when absent; the code naming the parameter otherwise. */
    public static Double optionalDecimal(String text, String field, String code, double min, double max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(code, field, field + " '" + printable(text) + "' is not a number");
        }
        if (!(value >= min && value <= max)) { // NaN fails both comparisons
            throw ProblemException.badRequest(code, field, field + " must be between " + min + " and " + max + ", not " + printable(text));
        }
        return value;
    }

    /**
     * A value quoted back in a problem: control characters shown as escapes, cut short so that a huge parameter does
     * not make a huge answer.
     */
    public static String printable(String text) {
        return printable(text, 64);
    }

    /** The same, cut after {@code max} characters. */
    public static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > max ? out + "..." : out.toString();
    }
}
