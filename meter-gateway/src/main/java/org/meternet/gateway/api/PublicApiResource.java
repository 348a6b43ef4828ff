package org.meternet.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.meternet.gateway.domain.Route;
import org.meternet.gateway.domain.ServiceRequestVariants;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

/**
 * The one public door: authenticates the caller, checks that its role may use the service request
 * the call amounts to (E2), and forwards the call with the caller's token to the owning service,
 * which checks the device relation (E4) and status (E5) again on its side.
 */
@Path("/api/v1")
@Authenticated
@Tag(name = "public API", description = "Devices, premises, readings and reports for suppliers, network operators and the operator")
public class PublicApiResource {
    private static final Logger LOG = Logger.getLogger(PublicApiResource.class);
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH, "Idempotency-Key", "traceparent");
    private static final List<String> FORWARDED_RESPONSE_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ETAG,
            HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE);

    private static final String PREFIX = "/api/v1/";

    private final WebClient client;
    private final GatewayConfig config;
    private final CurrentCaller caller;
    private final ServiceRequestVariants variants;
    private final CallLimits limits;

    public PublicApiResource(Vertx vertx, GatewayConfig config, CurrentCaller caller, ServiceRequestVariants variants,
            CallLimits limits) {
        this.limits = limits;
        this.client = WebClient.create(vertx);
        this.config = config;
        this.caller = caller;
        this.variants = variants;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @GET
    @Path("{path: .+}")
    @Operation(summary = "Read: devices (8.2), status history, readings (4.8.1), premises, reports")
    public Uni<Response> get(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        return forward(HttpMethod.GET, path, uri, headers, null);
    }

    @POST
    @Path("{path: .+}")
    @Operation(summary = "Act: pre-notify (12.2), change SMI status (8.11, 8.1.1, 8.3), hub certificates, premises")
    public Uni<Response> post(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward(HttpMethod.POST, path, uri, headers, body);
    }

    @PUT
    @Path("{path: .+}")
    public Uni<Response> put(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward(HttpMethod.PUT, path, uri, headers, body);
    }

    @DELETE
    @Path("{path: .+}")
    public Uni<Response> delete(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        return forward(HttpMethod.DELETE, path, uri, headers, null);
    }

    private Uni<Response> forward(HttpMethod method, String path, UriInfo uri, HttpHeaders headers, byte[] body) {
        // matched on the path as sent, still encoded: the decoded one would let %2F and %3F change the upstream resource
        String rawPath = uri.getRequestUri().getRawPath().substring(PREFIX.length());
        Route.Resolution resolution = Route.resolve(method.name(), rawPath, targetStatus(path, body));
        if (resolution instanceof Route.BadParameter bad) {
            throw ProblemException.badRequest("INVALID_PATH_PARAMETER", bad.parameter(), "the path parameter '" + bad.parameter()
                    + "' of " + method + " /api/v1/" + bad.template() + " holds characters no identifier has");
        }
        if (!(resolution instanceof Route.Found found)) {
            throw new ProblemException(404, "NOT_FOUND", null, method + " " + uri.getRequestUri().getRawPath()
                    + " is not an operation of the meternet API (see /q/openapi)");
        }
        Route route = found.route();
        Caller who = caller.get();
        route.srv().ifPresent(srv -> authoriseRole(srv, who));
        limits.take(who);
        String query = uri.getRequestUri().getRawQuery();
        String target = baseUrl(route.target()) + PREFIX + found.upstreamPath() + (query == null ? "" : "?" + query);
        HttpRequest<Buffer> request = client.requestAbs(method, target)
                .timeout(config.timeout().toMillis());
        for (String h : FORWARDED_REQUEST_HEADERS) {
            String v = headers.getHeaderString(h);
            if (v != null) {
                request.putHeader(h, v);
            }
        }
        Uni<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
        return sent.map(PublicApiResource::relay)
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
                    LOG.warnf("%s behind the gateway did not answer %s /api/v1/%s: %s", route.target(), method, path, e.toString());
                    return new ProblemException(503, "SERVICE_UNAVAILABLE", null, route.target().name().toLowerCase()
                            + " service is not answering; try again shortly");
                });
    }

    private void authoriseRole(String srv, Caller who) {
        if ("operator".equals(srv)) {
            if (!who.isOperator()) {
                throw ProblemException.roleNotPermitted("this status change is reserved to the operator");
            }
            return;
        }
        ServiceRequestVariants.Variant v = variants.variant(srv).orElseThrow();
        if (!ServiceRequestVariants.permits(v, who.roles())) {
            throw ProblemException.roleNotPermitted("SRV " + v.srv() + " (" + v.name() + ") is open to roles "
                    + v.eligibleRoles() + "; the caller has " + who.roles());
        }
    }

    private static String targetStatus(String path, byte[] body) {
        if (body == null || body.length == 0 || !path.endsWith("/status-changes")) {
            return null;
        }
        try {
            JsonNode status = EventCodec.MAPPER.readTree(body).get("status");
            return status == null ? null : status.asText();
        } catch (java.io.IOException e) {
            return null; // the owning service answers the malformed body with its problem document
        }
    }

    private String baseUrl(Route.Target t) {
        return switch (t) {
            case INSTALLATION -> config.installationUrl();
            case MESSAGING -> config.messagingUrl();
            case REPORTING -> config.reportingUrl();
        };
    }

    private static Response relay(HttpResponse<Buffer> r) {
        Response.ResponseBuilder b = Response.status(r.statusCode());
        for (String h : FORWARDED_RESPONSE_HEADERS) {
            String v = r.getHeader(h);
            if (v != null) {
                b.header(h, h.equals(HttpHeaders.LOCATION) ? v.replaceFirst("^https?://[^/]+", "") : v);
            }
        }
        Buffer body = r.body();
        if (body != null && body.length() > 0) {
            b.entity(body.getBytes());
        }
        return b.build();
    }
}
