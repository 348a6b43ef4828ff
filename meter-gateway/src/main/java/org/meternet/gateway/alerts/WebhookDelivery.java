package org.meternet.gateway.alerts;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.meternet.gateway.domain.OutboundAddressPolicy;
import org.meternet.gateway.domain.WebhookFailure;
import org.meternet.gateway.domain.WebhookTarget;

/**
 * Every second, POSTs to each webhook the alerts of its organisation it has not acknowledged, in order; a failure
 * stops that webhook's round and is tried again at the next (after a pause that grows with the failures, up to a
 * minute). Replicas deliver the same webhook only one at a time (a row lock skipped by the others).
 *
 * <p>Each round with alerts to send checks the URL again (OutboundAddressPolicy): its host is resolved once, every
 * address checked, and the alerts sent to that checked address (the name only in the Host header and for TLS), so a
 * name that has come to resolve inside is refused, and no second lookup can swap the address. Redirects are not
 * followed and the receiver's answer is not read. The webhook's owner sees only the class of a failure
 * (WebhookFailure); the cause goes to the log.
 */
@Singleton
public class WebhookDelivery {
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);

    private static final int TIMEOUT_MS = 5000;

    private final Pool pool;
    private final Vertx vertx;
    private final OutboundAddressPolicy policy;
    /** For a URL with a name: SNI and certificate checked for the name, while the connection goes to the checked address. */
    private final WebClient named;
    /** For a URL with an address. */
    private final WebClient literal;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public WebhookDelivery(Pool pool, Vertx vertx, OutboundAddressPolicy policy) {
        this.pool = pool;
        this.vertx = vertx;
        this.policy = policy;
        this.named = WebClient.create(vertx, options().setForceSni(true));
        this.literal = WebClient.create(vertx, options());
    }

    private static WebClientOptions options() {
        WebClientOptions o = new WebClientOptions().setFollowRedirects(false).setConnectTimeout(TIMEOUT_MS).setVerifyHost(true)
                .setTrustAll(false).setUserAgent("meternet-webhooks");
        o.setKeepAlive(false);
        return o;
    }

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(1000, t -> round());
    }

    void stop(@Observes ShutdownEvent stop) {
        vertx.cancelTimer(timer);
        named.close();
        literal.close();
    }

    private record Hook(UUID id, String org, String url, long last) {
    }

    private void round() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        pool.query("select id, org, url, last_delivered from alert_webhook where next_attempt is null or next_attempt <= now()")
                .execute()
                .map(rows -> {
                    List<Hook> hooks = new ArrayList<>();
                    for (Row r : rows) {
                        hooks.add(new Hook(r.getUUID(0), r.getString(1), r.getString(2), r.getLong(3)));
                    }
                    return hooks;
                })
                .onItem().transformToMulti(hooks -> Multi.createFrom().iterable(hooks))
                .onItem().transformToUniAndConcatenate(this::deliver)
                .collect().last()
                .eventually(() -> running.set(false))
                .subscribe().with(x -> { }, e -> LOG.warn("webhook round failed; trying again", e));
    }

    private Uni<Void> deliver(Hook hook) {
        return pool.withTransaction(tx -> tx.preparedQuery("select last_delivered from alert_webhook where id = $1 for update skip locked")
                .execute(Tuple.of(hook.id()))
                .chain(locked -> {
                    if (locked.size() == 0) {
                        return Uni.createFrom().voidItem(); // another replica is delivering it
                    }
                    long last = locked.iterator().next().getLong(0);
                    return tx.preparedQuery("select id, data::text from user_alert where id > $1 and $2 = any(entitled_orgs) order by id limit 50")
                            .execute(Tuple.of(last, hook.org()))
                            .chain(rows -> {
                                List<Row> alerts = new ArrayList<>();
                                rows.forEach(alerts::add);
                                if (alerts.isEmpty()) {
                                    return Uni.createFrom().item(new Result(last, null));
                                }
                                return checkedAddress(hook).chain(to -> post(hook, to, alerts, 0, last))
                                        .onFailure().recoverWithItem(e -> {
                                            LOG.infof("webhook %s of %s not delivered: %s", hook.id(), hook.org(), e.getMessage());
                                            return new Result(last, WebhookFailure.of(e));
                                        });
                            })
                            .chain(result -> tx.preparedQuery("update alert_webhook set "
                                    + "last_delivered = $2, failures = case when $3::text is null then 0 else failures + 1 end, "
                                    + "last_error = $3, next_attempt = case when $3::text is null then null "
                                    + "else now() + least(60, power(2, failures)) * interval '1 second' end where id = $1")
                                    .execute(Tuple.of(hook.id(), result.delivered(), result.error())))
                            .replaceWithVoid();
                }));
    }

    private record To(WebhookTarget target, InetAddress address) {
    }

    /** The URL checked again, its host resolved once off the event loop, every address checked: the one to connect to. */
    private Uni<To> checkedAddress(Hook hook) {
        return vertx.executeBlocking(() -> {
            WebhookTarget target = policy.target(hook.url());
            return new To(target, policy.resolve(target, OutboundAddressPolicy.SYSTEM_RESOLVER).get(0));
        });
    }

    private record Result(long delivered, String error) {
    }

    /** POSTs the alerts one after another from index i, to the checked address; stops at the first the endpoint does not take. */
    private Uni<Result> post(Hook hook, To to, List<Row> alerts, int i, long delivered) {
        if (i >= alerts.size()) {
            return Uni.createFrom().item(new Result(delivered, null));
        }
        Row a = alerts.get(i);
        long id = a.getLong(0);
        WebhookTarget t = to.target();
        SocketAddress server = SocketAddress.inetSocketAddress(t.port(), to.address().getHostAddress());
        WebClient client = t.isLiteral() ? literal : named;
        return client.request(HttpMethod.POST, server, t.port(), t.host(), t.requestUri()).ssl(t.https()).followRedirects(false)
                .putHeader("Content-Type", "application/json").putHeader("X-Meternet-Event-Id", Long.toString(id))
                .timeout(TIMEOUT_MS).as(BodyCodec.none()).sendBuffer(Buffer.buffer(a.getString(1)))
                .onItemOrFailure().transformToUni((r, e) -> {
                    if (e == null && r.statusCode() / 100 == 2) {
                        return post(hook, to, alerts, i + 1, id);
                    }
                    String why = e != null ? e.toString() : "answered " + r.statusCode();
                    LOG.infof("webhook %s of %s did not take alert %d: %s; trying again", hook.id(), hook.org(), id, why);
                    return Uni.createFrom().item(new Result(delivered, e != null ? WebhookFailure.of(e) : WebhookFailure.status(r.statusCode())));
                });
    }
}
