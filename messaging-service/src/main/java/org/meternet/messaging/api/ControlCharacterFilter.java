package org.meternet.messaging.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.meternet.platform.problem.ProblemException;

/**
 * Refuses a request whose path segments or query parameters carry a NUL (%00), before any route reads them: no
 * identifier or parameter of this API contains one, and PostgreSQL refuses text holding it (a 500 otherwise). Could
 * move to platform, for every service.
 */
public class ControlCharacterFilter {
    @ServerRequestFilter(preMatching = false)
    public void refuseNul(ContainerRequestContext request) {
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            if (segment.getPath().indexOf('\0') >= 0) {
                throw ProblemException.badRequest("INVALID_CHARACTER", field(request, segment.getPath()),
                        "the path segment '" + Params.printable(segment.getPath()) + "' contains a NUL character");
            }
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters(true);
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            boolean inName = e.getKey().indexOf('\0') >= 0;
            for (String value : e.getValue()) {
                if (inName || value.indexOf('\0') >= 0) {
                    throw ProblemException.badRequest("INVALID_CHARACTER", Params.printable(e.getKey()),
                            "query parameter '" + Params.printable(e.getKey()) + "' contains a NUL character");
                }
            }
        }
    }

    /** The path parameter a segment was matched to (deviceId, mpxn...), else "path". */
    private static String field(ContainerRequestContext request, String segment) {
        MultivaluedMap<String, String> params = request.getUriInfo().getPathParameters(true);
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getValue().contains(segment)) {
                return e.getKey();
            }
        }
        return "path";
    }
}
