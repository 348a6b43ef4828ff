package org.meternet.installation.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.meternet.platform.problem.ProblemException;

/**
 * Input every route reads the same way, checked once after routing and before any parameter is converted or any
 * query runs: no NUL (PostgreSQL refuses it in text, which would be a 500) in a path or query parameter, and the
 * numeric paging parameters are numbers (JAX-RS would answer 404 for one it cannot convert, as on the platform's
 * {@code GET /events}).
 */
public class RequestGuard {
    private static final Pattern LIMIT = Pattern.compile("\\d{1,9}");
    private static final Pattern SEQUENCE = Pattern.compile("\\d{1,18}");

    @ServerRequestFilter
    public void check(UriInfo uri) {
        noNul(uri.getPathParameters(true));
        MultivaluedMap<String, String> query = uri.getQueryParameters(true);
        noNul(query);
        String limit = query.getFirst("limit");
        if (limit != null && !limit.isBlank() && !LIMIT.matcher(limit.trim()).matches()) {
            throw ProblemException.badRequest("INVALID_LIMIT", "limit", "limit must be a whole number, was '"
                    + Params.printable(limit) + "'");
        }
        String after = query.getFirst("after");
        if (after != null && !after.isBlank() && !SEQUENCE.matcher(after.trim()).matches()) {
            throw ProblemException.badRequest("INVALID_SEQUENCE", "after", "after must be 0 or a sequence number, was '"
                    + Params.printable(after) + "'");
        }
    }

    private static void noNul(MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().indexOf('\0') >= 0) {
                throw ProblemException.badRequest("INVALID_CHARACTER", Params.printable(e.getKey()),
                        "a parameter name may not contain NUL");
            }
            for (String v : e.getValue()) {
                if (v != null && v.indexOf('\0') >= 0) {
                    throw ProblemException.badRequest("INVALID_CHARACTER", e.getKey(), e.getKey()
                            + " may not contain NUL (\\u0000)");
                }
            }
        }
    }
}
