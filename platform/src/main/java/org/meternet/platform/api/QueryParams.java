package org.meternet.platform.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.meternet.platform.problem.ProblemException;

/** Query parameters read the same way by every API, with the same problem when they are wrong. */
public final class QueryParams {
    private QueryParams() {
    }

    /** An ISO-8601 instant, or the fallback when absent; INVALID_TIME naming the parameter otherwise. */
    public static Instant instant(String text, String field, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("INVALID_TIME", field, field + " '" + text + "' is not an ISO-8601 instant");
        }
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
            throw ProblemException.badRequest(code, field, field + " '" + abbreviate(text) + "' is not a whole number");
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
            throw ProblemException.badRequest(code, field, field + " '" + abbreviate(text) + "' is not a number");
        }
        if (!(value >= min && value <= max)) { // NaN fails both comparisons
            throw ProblemException.badRequest(code, field, field + " must be between " + min + " and " + max + ", not " + abbreviate(text));
        }
        return value;
    }

    /** A value quoted back in a problem, cut short so that a huge parameter does not make a huge answer. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
