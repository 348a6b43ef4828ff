package org.meternet.messaging.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.meternet.messaging.persistence.DeviceProjection;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.problem.ProblemException;

/**
 * Replays installation-service's events (GET /events, oldest first) into the device projection, to
 * repair it after a loss or a bug: rows missing or behind are brought up to date, rows already at
 * an event's sequence are rewritten from it. Ingestion carries on meanwhile.
 */
@ApplicationScoped
public class ProjectionRebuild {
    private static final Logger LOG = Logger.getLogger(ProjectionRebuild.class);
    static final int PAGE = 1000;

    private final WebClient client;
    private final Pool pool;
    private final DeviceProjection projection;
    private final URI installation;

    public ProjectionRebuild(Vertx vertx, Pool pool, DeviceProjection projection,
            @ConfigProperty(name = "meternet.installation.url") URI installation) {
        this.client = WebClient.create(vertx);
        this.pool = pool;
        this.projection = projection;
        this.installation = installation;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public record Result(long eventsApplied, long lastSequence, long devices) {
    }

    /**
     * Replays the events after {@code after} (0: all of them), with the caller's token (an
     * operator's) presented to installation-service.
     */
    public Uni<Result> rebuild(String authorization, long after) {
        LOG.infof("rebuilding the device projection from installation-service's events after sequence %d", after);
        return page(authorization, after, 0).chain(r -> pool.query("select count(*) from device_projection").execute()
                .map(rows -> new Result(r[0], r[1], rows.iterator().next().getLong(0))))
                .invoke(r -> LOG.infof("device projection rebuilt: %d events replayed up to sequence %d, %d devices",
                        r.eventsApplied(), r.lastSequence(), r.devices()));
    }

    private Uni<long[]> page(String authorization, long after, long applied) {
        return client.get(installation.getPort(), installation.getHost(), "/events")
                .addQueryParam("after", Long.toString(after)).addQueryParam("limit", Integer.toString(PAGE))
                .putHeader("Authorization", authorization)
                .send()
                .onFailure().transform(e -> new ProblemException(503, "SERVICE_UNAVAILABLE", null,
                        "installation-service cannot be reached: " + e.getMessage()))
                .chain(response -> {
                    if (response.statusCode() != 200) {
                        throw new ProblemException(502, "UPSTREAM_REFUSED", null, "installation-service answered "
                                + response.statusCode() + " to GET /events: " + response.bodyAsString());
                    }
                    List<EventEnvelope> events;
                    try {
                        events = List.of(EventCodec.MAPPER.readValue(response.body().getBytes(), EventEnvelope[].class));
                    } catch (java.io.IOException e) {
                        throw new ProblemException(502, "UPSTREAM_REFUSED", null, "installation-service's events are unreadable");
                    }
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(new long[] {applied, after});
                    }
                    long last = events.get(events.size() - 1).sequence();
                    long total = applied + events.size();
                    return pool.withTransaction(tx -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (EventEnvelope e : events) {
                            chain = chain.chain(() -> projection.replay(tx, e));
                        }
                        return chain;
                    }).invoke(() -> {
                        if (total % 10_000 < PAGE) {
                            LOG.infof("device projection rebuild: %d events replayed (sequence %d)", total, last);
                        }
                    }).chain(() -> events.size() < PAGE ? Uni.createFrom().item(new long[] {total, last})
                            : page(authorization, last, total));
                });
    }
}
