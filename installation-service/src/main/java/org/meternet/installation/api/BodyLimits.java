package org.meternet.installation.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.meternet.platform.problem.Problem;

/**
 * How large a request body may be: an estate's NDJSON migration may be large (it is read line by line, never held
 * whole), every other body is one JSON document of a few kilobytes. {@code quarkus.http.limits.max-body-size} is one
 * limit for the whole server, so it is set to the larger and this route, right after Quarkus's own check, holds every
 * other path to the smaller: a declared Content-Length above the limit is answered at once with a 413 problem. A JSON
 * route takes no chunked body (411 problem): Quarkus reads such a body whole, up to the server-wide limit, before the
 * resource sees it. The migration route streams its body, and Quarkus's reader cuts a chunked one off at its limit.
 */
@ApplicationScoped
public class BodyLimits {
    static final String BULK_PATH = "/api/v1/installations/bulk";
    /** the key Quarkus's request readers take their limit from (set by its own check, replaced here per route) */
    static final String MAX_REQUEST_SIZE = "io.quarkus.max-request-size";

    private final long apiLimit;
    private final long bulkLimit;

    public BodyLimits(@ConfigProperty(name = "meternet.http.max-body-size", defaultValue = "256K") MemorySize api,
            @ConfigProperty(name = "meternet.http.max-bulk-body-size", defaultValue = "1G") MemorySize bulk) {
        this.apiLimit = api.asLongValue();
        this.bulkLimit = bulk.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::limit);
    }

    long limitFor(String path) {
        return BULK_PATH.equals(path) ? bulkLimit : apiLimit;
    }

    void limit(RoutingContext rc) {
        long limit = limitFor(rc.normalizedPath());
        String declared = rc.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length > limit) {
            refuse(rc, 413, "Request Entity Too Large", "PAYLOAD_TOO_LARGE",
                    "the request body is " + length + " bytes; this operation takes at most " + limit);
            return;
        }
        if (declared == null && limit == apiLimit && rc.request().getHeader(HttpHeaderNames.TRANSFER_ENCODING) != null) {
            refuse(rc, 411, "Length Required", "LENGTH_REQUIRED",
                    "send the request body with a Content-Length (at most " + limit + " bytes), not chunked");
            return;
        }
        rc.put(MAX_REQUEST_SIZE, limit);
        rc.next();
    }

    private static void refuse(RoutingContext rc, int status, String title, String code, String detail) {
        Problem p = new Problem(Problem.TYPE_BASE + code, title, status, detail, rc.normalizedPath(), code, "body", null);
        rc.response().setStatusCode(status).putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .end(ApiSupport.json(p));
    }
}
