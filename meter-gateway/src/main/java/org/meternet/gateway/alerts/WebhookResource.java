package org.meternet.gateway.alerts;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

/** Webhooks: an organisation's machine clients get its alerts POSTed to them instead of holding a stream open. */
@Path("/api/v1/alerts/webhooks")
@Authenticated
@Tag(name = "alerts", description = "Device alerts for suppliers and network operators")
public class WebhookResource {
    private final Pool pool;
    private final CurrentCaller caller;

    public WebhookResource(Pool pool, CurrentCaller caller) {
        this.pool = pool;
        this.caller = caller;
    }

    public record NewWebhook(String url) {
    }

    public record Webhook(UUID webhookId, String url, long lastDelivered, int failures, String lastError) {
    }

    @POST
    @Operation(summary = "Register a URL to which each new alert of the caller's organisation is POSTed (JSON, header "
            + "X-Meternet-Event-Id), in order, retried until it answers 2xx")
    public Uni<Response> register(NewWebhook body) {
        String org = org();
        URI url;
        try {
            url = URI.create(body == null || body.url() == null ? "" : body.url());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("INVALID_URL", "url", "url is not a URL: " + e.getMessage());
        }
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
            throw ProblemException.badRequest("INVALID_URL", "url", "url must be an http(s) URL with a host");
        }
        UUID id = UUID.randomUUID();
        return pool.preparedQuery("insert into alert_webhook (id, org, url, last_delivered) "
                + "values ($1, $2, $3, (select coalesce(max(id), 0) from user_alert))")
                .execute(Tuple.of(id, org, url.toString()))
                .map(x -> Response.created(URI.create("/api/v1/alerts/webhooks/" + id))
                        .entity(new Webhook(id, url.toString(), 0, 0, null)).build());
    }

    @GET
    @Operation(summary = "The caller's organisation's webhooks, with how far each has been delivered")
    public Uni<List<Webhook>> list() {
        return pool.preparedQuery("select id, url, last_delivered, failures, last_error from alert_webhook where org = $1 order by created_at")
                .execute(Tuple.of(org()))
                .map(rows -> {
                    List<Webhook> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Webhook(r.getUUID(0), r.getString(1), r.getLong(2), r.getInteger(3), r.getString(4)));
                    }
                    return out;
                });
    }

    @DELETE
    @Path("/{webhookId}")
    public Uni<Response> remove(@PathParam("webhookId") UUID id) {
        return pool.preparedQuery("delete from alert_webhook where id = $1 and org = $2").execute(Tuple.of(id, org()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
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
