package org.meternet.gateway.alerts;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Every second, POSTs to each webhook the alerts of its organisation it has not acknowledged, in order; a failure
 * stops that webhook's round and is tried again at the next (after a pause that grows with the failures, up to a
 * minute). Replicas deliver the same webhook only one at a time (a row lock skipped by the others).
 */
@Singleton
public class WebhookDelivery {
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);

    private final Pool pool;
    private final Vertx vertx;
    private final WebClient client;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public WebhookDelivery(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
        this.client = WebClient.create(vertx);
    }

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(1000, t -> round());
    }

    void stop(@Observes ShutdownEvent stop) {
        vertx.cancelTimer(timer);
        client.close();
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
                                return post(hook, alerts, 0, last).chain(result -> tx.preparedQuery("update alert_webhook set "
                                        + "last_delivered = $2, failures = case when $3::text is null then 0 else failures + 1 end, "
                                        + "last_error = $3, next_attempt = case when $3::text is null then null "
                                        + "else now() + least(60, power(2, failures)) * interval '1 second' end where id = $1").execute(Tuple.of(hook.id(), result.delivered(), result.error())))
                                        .replaceWithVoid();
                            });
                }));
    }

    private record Result(long delivered, String error) {
    }

    /** POSTs the alerts one after another from index i; stops at the first the endpoint does not take. */
    private Uni<Result> post(Hook hook, List<Row> alerts, int i, long delivered) {
        if (i >= alerts.size()) {
            return Uni.createFrom().item(new Result(delivered, null));
        }
        Row a = alerts.get(i);
        long id = a.getLong(0);
        return client.postAbs(hook.url()).putHeader("Content-Type", "application/json").putHeader("X-Meternet-Event-Id", Long.toString(id))
                .timeout(5000).sendBuffer(Buffer.buffer(a.getString(1)))
                .onItemOrFailure().transformToUni((r, e) -> {
                    if (e == null && r.statusCode() / 100 == 2) {
                        return post(hook, alerts, i + 1, id);
                    }
                    String why = e != null ? e.toString() : "answered " + r.statusCode();
                    LOG.infof("webhook %s of %s did not take alert %d: %s; trying again", hook.id(), hook.org(), id, why);
                    return Uni.createFrom().item(new Result(delivered, why));
                });
    }
}
