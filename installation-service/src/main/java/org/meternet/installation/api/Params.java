package org.meternet.installation.api;

import java.util.UUID;
import java.util.regex.Pattern;
import org.meternet.platform.problem.ProblemException;

/**
 * Path and query parameters taken as text and read here, so that a malformed one is a 400 naming it rather than the
 * 404 JAX-RS gives a parameter it cannot convert.
 */
final class Params {
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    private Params() {
    }

    /** A page size between 1 and max; 100 (or max, if smaller) when absent. */
    static int limit(String text, int max) {
        if (text == null || text.isBlank()) {
            return Math.min(100, max);
        }
        String t = text.trim();
        int limit = DIGITS.matcher(t).matches() ? Integer.parseInt(t) : -1;
        if (limit < 1 || limit > max) {
            throw ProblemException.badRequest("INVALID_LIMIT", "limit", "limit must be a whole number between 1 and " + max
                    + ", was '" + printable(t) + "'");
        }
        return limit;
    }

    /** A UUID identifying a premises or an installation. */
    static UUID uuid(String text, String field) {
        try {
            if (text != null && text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest("INVALID_ID", field, field + " must be a UUID, was '" + printable(text) + "'");
    }

    /** The text with control characters shown as escapes, short enough for a problem's detail. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : (text.length() > 64 ? text.substring(0, 64) + "..." : text).toCharArray()) {
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
