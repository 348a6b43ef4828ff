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
}
