package org.meternet.messaging.api;

import java.time.Instant;
import org.meternet.platform.api.QueryParams;
import org.meternet.platform.problem.ProblemException;

/**
 * Query parameters read as text and checked here, so that every bad value is a 400 problem naming the parameter (a
 * number declared as an {@code int} parameter that does not parse is a 404 from JAX-RS, and a value PostgreSQL cannot
 * hold a 500 from the database). Could move to platform/api/QueryParams, for every service.
 */
final class Params {
    /** The instants PostgreSQL and java.time both hold without surprise: years 1 to 9999. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Params() {
    }

    /** A whole number in [min, max], or the fallback when absent; {@code code} naming the parameter otherwise. */
    static long number(String text, String field, String code, long fallback, long min, long max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(code, field, field + " '" + printable(text) + "' is not a whole number between "
                    + min + " and " + max);
        }
        if (value < min || value > max) {
            throw ProblemException.badRequest(code, field, field + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    static int number(String text, String field, String code, int fallback, int min, int max) {
        return (int) number(text, field, code, (long) fallback, (long) min, (long) max);
    }

    /** An ISO-8601 instant in years 1 to 9999, or the fallback when absent; INVALID_TIME naming the parameter otherwise. */
    static Instant instant(String text, String field, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Instant t = QueryParams.instant(text, field, fallback);
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ProblemException.badRequest("INVALID_TIME", field, field + " '" + printable(text) + "' is outside the years 1 to 9999");
        }
        return t;
    }

    /** [from, to) must not run backwards. */
    static void range(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("INVALID_RANGE", "to", "to (" + to + ") is before from (" + from + ")");
        }
    }

    /** Text fit for a problem's detail: control characters shown as escapes. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 80));
        text.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
