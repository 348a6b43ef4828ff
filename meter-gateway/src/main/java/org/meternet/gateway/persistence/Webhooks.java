package org.meternet.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.meternet.platform.problem.ProblemException;

/** The organisations' webhooks: where each organisation's alerts are POSTed, and how far each has been delivered. */
@Singleton
public class Webhooks {
    /** A webhook as stored; {@code lastError} as recorded (a kind of failure). */
    public record Stored(UUID id, String url, long lastDelivered, int failures, String lastError) {
    }

    private final Pool pool;

    public Webhooks(Pool pool) {
        this.pool = pool;
    }

    /**
     * Registers a webhook that starts after the newest alert; 409 WEBHOOK_LIMIT_REACHED when the organisation has
     * {@code max} already. One registration of an organisation at a time, so that the count holds at the insert.
     */
    public Uni<UUID> register(String org, String url, int max) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("select pg_advisory_xact_lock(hashtext('alert_webhook:' || $1))").execute(Tuple.of(org))
                .chain(x -> tx.preparedQuery("select count(*) from alert_webhook where org = $1").execute(Tuple.of(org)))
                .chain(count -> {
                    if (count.iterator().next().getLong(0) >= max) {
                        throw new ProblemException(409, "WEBHOOK_LIMIT_REACHED", null, "an organisation may have at most "
                                + max + " webhooks; remove one before adding another");
                    }
                    UUID id = UUID.randomUUID();
                    return tx.preparedQuery("insert into alert_webhook (id, org, url, last_delivered) "
                            + "values ($1, $2, $3, (select coalesce(max(id), 0) from user_alert))")
                            .execute(Tuple.of(id, org, url)).replaceWith(id);
                }));
    }

    /** An organisation's webhooks, oldest first. */
    public Uni<List<Stored>> of(String org) {
        return pool.preparedQuery("select id, url, last_delivered, failures, last_error from alert_webhook where org = $1 order by created_at")
                .execute(Tuple.of(org))
                .map(rows -> {
                    List<Stored> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Stored(r.getUUID(0), r.getString(1), r.getLong(2), r.getInteger(3), r.getString(4)));
                    }
                    return out;
                });
    }

    /** Whether the organisation had that webhook (and now has it no more). */
    public Uni<Boolean> remove(UUID id, String org) {
        return pool.preparedQuery("delete from alert_webhook where id = $1 and org = $2").execute(Tuple.of(id, org))
                .map(rows -> rows.rowCount() > 0);
    }
}
