package org.meternet.gateway.audit;

import io.smallrye.common.vertx.ContextLocals;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.meternet.gateway.domain.Route;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.problem.Problem;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

/** Records every call under /api/v1 in the audit trail as it ends; a resource may name its SRV, device and request. */
public class AuditFilter {
    /** Context-local keys a resource sets when it knows better than the path. */
    public static final String SRV = "audit.srv";
    public static final String DEVICE = "audit.device";
    public static final String REQUEST = "audit.request";
    private static final String STARTED = "audit.started";
    private static final Pattern DEVICE_PATH = Pattern.compile("^/api/v1/devices/([0-9A-Fa-f-]{23})(/|$)");

    private final AuditLog log;
    private final CurrentCaller caller;

    public AuditFilter(AuditLog log, CurrentCaller caller) {
        this.log = log;
        this.caller = caller;
    }

    /** Names what the current call amounts to (an SRV, a device, a request id) for its audit entry. */
    public static void note(String key, String value) {
        ContextLocals.put(key, value);
    }

    @ServerRequestFilter(preMatching = true)
    public void started(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void ended(ContainerRequestContext request, ContainerResponseContext response) {
        // as sent, still encoded: a decoded path may hold NUL or line breaks, which the trail must not take in
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.startsWith("/api/v1/")) {
            return;
        }
        Object started = request.getProperty(STARTED);
        long latency = started instanceof Long t ? (System.nanoTime() - t) / 1_000_000 : 0;
        Caller who = callerOf(response.getStatus());
        String method = request.getMethod();
        String srv = ContextLocals.<String>get(SRV).orElseGet(() -> Route.resolve(method, path.substring("/api/v1/".length()), null)
                instanceof Route.Found found ? found.route().srv().orElse(null) : null);
        String device = ContextLocals.<String>get(DEVICE).orElseGet(() -> {
            Matcher m = DEVICE_PATH.matcher(path);
            return m.find() ? m.group(1).toUpperCase() : null;
        });
        log.record(new AuditLog.Entry(null, Instant.now(), who == null ? null : who.subject(), who == null ? null : who.org(), method, path, srv, device,
                ContextLocals.<String>get(REQUEST).orElse(null), response.getStatus(), code(response), latency));
    }

    /** Who called; nobody for a call refused for its token (asking the identity again would fail it again). */
    private Caller callerOf(int status) {
        if (status == 401) {
            return null;
        }
        try {
            return caller.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String code(ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (entity instanceof Problem p) {
            return p.code();
        }
        if (response.getStatus() >= 400 && entity instanceof byte[] bytes && bytes.length < 8192) {
            try {
                String code = EventCodec.MAPPER.readTree(bytes).path("code").asText(null);
                return code;
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return null;
    }
}
