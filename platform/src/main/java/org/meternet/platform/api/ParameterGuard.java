package org.meternet.platform.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.meternet.platform.problem.ProblemException;

/**
 * No query or path parameter of any service may hold a control character: PostgreSQL refuses NUL in text, logs
 * would be split by line breaks, and no identifier, date or code of the API has one. Refused before any resource
 * runs, with the parameter named.
 */
public class ParameterGuard {

    @ServerRequestFilter
    public void refuseControlCharacters(ContainerRequestContext request) {
        check(request.getUriInfo().getQueryParameters(true), "query");
        check(request.getUriInfo().getPathParameters(true), "path");
    }

    private static void check(MultivaluedMap<String, String> params, String where) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (hasControl(e.getKey())) {
                throw ProblemException.badRequest("INVALID_CHARACTER", null, "a " + where + " parameter's name holds a control character");
            }
            for (String v : e.getValue()) {
                if (hasControl(v)) {
                    throw ProblemException.badRequest("INVALID_CHARACTER", e.getKey(), "the " + where + " parameter '" + e.getKey()
                            + "' holds a control character (such as NUL), which no value of the API has");
                }
            }
        }
    }

    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
