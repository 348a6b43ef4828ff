package org.meternet.gateway.alerts;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.gateway.domain.OutboundAddressPolicy;
import org.meternet.gateway.domain.OutboundAddressPolicy.Refused;
import org.meternet.gateway.domain.WebhookFailure;
import org.meternet.gateway.domain.WebhookTarget;
import org.meternet.gateway.persistence.Webhooks;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

/** Webhooks: an organisation's machine clients get its alerts POSTed to them instead of holding a stream open. */
@Path("/api/v1/alerts/webhooks")
@Authenticated
@Tag(name = "alerts", description = "Device alerts for suppliers and network operators")
public class WebhookResource {
    private final Webhooks webhooks;
    private final CurrentCaller caller;
    private final OutboundAddressPolicy policy;
    private final WebhookConfig config;
    private final Vertx vertx;

    public WebhookResource(Webhooks webhooks, CurrentCaller caller, OutboundAddressPolicy policy, WebhookConfig config, Vertx vertx) {
        this.webhooks = webhooks;
        this.caller = caller;
        this.policy = policy;
        this.config = config;
        this.vertx = vertx;
    }

    public record NewWebhook(String url) {
    }

    /** lastError: the class of the last failure ("connection refused", "timed out", "HTTP 500 from the receiver", ...). */
    public record Webhook(UUID webhookId, String url, long lastDelivered, int failures, String lastError) {
    }

    @POST
    @Operation(summary = "Register an https URL to which each new alert of the caller's organisation is POSTed (JSON, header "
            + "X-Meternet-Event-Id), in order, retried until it answers 2xx. The URL must reach a public address on an "
            + "allowed port (443), without user information; an organisation may have a limited number of webhooks. "
            + "Redirects are not followed.")
    public Uni<Response> register(NewWebhook body) {
        String org = org();
        WebhookTarget target;
        try {
            target = policy.target(body == null ? null : body.url());
        } catch (Refused e) {
            throw refusal(e);
        }
        // the name is resolved off the event loop and every address it has checked, as at each delivery
        return vertx.executeBlocking(() -> policy.resolve(target, OutboundAddressPolicy.SYSTEM_RESOLVER))
                .onFailure(Refused.class).transform(e -> refusal((Refused) e))
                .chain(addresses -> webhooks.register(org, target.toString(), config.maxPerOrganisation()))
                .map(id -> Response.created(URI.create("/api/v1/alerts/webhooks/" + id))
                        .entity(new Webhook(id, target.toString(), 0, 0, null)).build());
    }

    /** 400 with the field; the detail names no address a name resolved to. */
    private static ProblemException refusal(Refused e) {
        String code = e.reason() == OutboundAddressPolicy.Reason.MALFORMED ? "INVALID_URL" : "WEBHOOK_URL_NOT_ALLOWED";
        return ProblemException.badRequest(code, "url", e.getMessage());
    }

    @GET
    @Operation(summary = "The caller's organisation's webhooks, with how far each has been delivered")
    public Uni<List<Webhook>> list() {
        return webhooks.of(org()).map(stored -> stored.stream()
                .map(w -> new Webhook(w.id(), w.url(), w.lastDelivered(), w.failures(), WebhookFailure.shown(w.lastError())))
                .toList());
    }

    @DELETE
    @Path("/{webhookId}")
    public Uni<Response> remove(@PathParam("webhookId") UUID id) {
        return webhooks.remove(id, org())
                .map(removed -> {
                    if (!removed) {
                        throw new ProblemException(404, "UNKNOWN_WEBHOOK", "webhookId", "no webhook " + id + " of this organisation");
                    }
                    return Response.noContent().build();
                });
    }

    private String org() {
        Caller who = caller.get();
        if (who.org() == null) {
            throw new ProblemException(403, "E1", null, "the token names no organisation to deliver alerts to");
        }
        return who.org();
    }
}
