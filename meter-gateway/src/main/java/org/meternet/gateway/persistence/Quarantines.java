package org.meternet.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.meternet.gateway.api.GatewayConfig;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.OrganisationQuarantined;
import org.meternet.platform.outbox.Outbox;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;

/**
 * Threshold anomaly detection: an organisation asking for a variant more often than its threshold allows within the
 * interval has its service requests held (403 QUARANTINED) and the operator alerted (organisation.quarantined), until
 * an operator releases it. Requests before the last release do not count again.
 */
@ApplicationScoped
public class Quarantines {
    private static final Logger LOG = Logger.getLogger(Quarantines.class);

    private final Pool pool;
    private final Outbox outbox;
    private final GatewayConfig config;

    public Quarantines(Pool pool, Outbox outbox, GatewayConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.config = config;
    }

    public record Quarantine(String org, String srv, long requests, long threshold, Instant since, Instant releasedAt,
            String releasedBy) {
    }

    /** Passes, or fails with QUARANTINED when the organisation is held or this request takes it over a threshold. */
    public Uni<Void> admit(Caller who, String srv) {
        if (who.isOperator() || who.org() == null) {
            return Uni.createFrom().voidItem();
        }
        GatewayConfig.Threshold t = config.anomalyThresholds().get(srv);
        String sql = "select (select srv from quarantine where org = $1 and released_at is null)"
                + (t == null ? "" : ", (select count(*) from service_request where originator_org = $1 and srv = $2 and requested_at > "
                        + "greatest(now() - $3 * interval '1 millisecond', (select max(released_at) from quarantine where org = $1)))");
        Tuple args = t == null ? Tuple.of(who.org()) : Tuple.of(who.org(), srv, t.interval().toMillis());
        return pool.preparedQuery(sql).execute(args).chain(rows -> {
            Row r = rows.iterator().next();
            if (r.getString(0) != null) {
                throw held(who.org(), r.getString(0));
            }
            if (t == null || r.getLong(1) < t.limit()) {
                return Uni.createFrom().voidItem();
            }
            return quarantine(who.org(), srv, r.getLong(1) + 1, t).replaceWith(() -> {
                throw held(who.org(), srv);
            });
        });
    }

    private Uni<Void> quarantine(String org, String srv, long requests, GatewayConfig.Threshold t) {
        OrganisationQuarantined q = new OrganisationQuarantined(org, srv, requests, t.limit(), t.interval().toString(), Instant.now());
        return pool.withTransaction(tx -> tx.preparedQuery("insert into quarantine (org, srv, requests, threshold) values ($1, $2, $3, $4) "
                + "on conflict (org) where released_at is null do nothing")
                .execute(Tuple.of(org, srv, requests, t.limit()))
                .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : outbox.append(tx, EventEnvelope.of(EventType.ORGANISATION_QUARANTINED, q.since(), "gateway", org, q))
                                .invoke(() -> LOG.warnf("organisation %s quarantined: SRV %s asked %d times within %s (threshold %d); "
                                        + "its service requests are held until an operator releases them", org, srv, requests,
                                        t.interval(), t.limit()))));
    }

    private static ProblemException held(String org, String srv) {
        return new ProblemException(403, "QUARANTINED", "srv", "the service requests of " + org + " are held after an anomaly "
                + "on SRV " + srv + " (threshold anomaly detection) until the operator releases them");
    }

    public Uni<List<Quarantine>> list(boolean all) {
        return pool.query("select org, srv, requests, threshold, since, released_at, released_by from quarantine"
                + (all ? "" : " where released_at is null") + " order by since desc limit 500").execute()
                .map(rows -> {
                    List<Quarantine> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(view(r));
                    }
                    return out;
                });
    }

    public Uni<Quarantine> release(String org, String operator) {
        return pool.preparedQuery("update quarantine set released_at = now(), released_by = $2 where org = $1 and released_at is null "
                + "returning org, srv, requests, threshold, since, released_at, released_by")
                .execute(Tuple.of(org, operator))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new ProblemException(404, "NOT_QUARANTINED", "org", org + " is not quarantined");
                    }
                    LOG.infof("organisation %s released from quarantine by %s", org, operator);
                    return view(rows.iterator().next());
                });
    }

    private static Quarantine view(Row r) {
        return new Quarantine(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3), r.getOffsetDateTime(4).toInstant(),
                r.getOffsetDateTime(5) == null ? null : r.getOffsetDateTime(5).toInstant(), r.getString(6));
    }
}
