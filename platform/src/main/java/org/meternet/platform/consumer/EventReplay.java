package org.meternet.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.problem.ProblemException;

/**
 * Replays a producer's events (its GET /events, oldest first, a page per transaction) into a read
 * model, to rebuild it or close a gap. The read model's apply must be idempotent, as for live events.
 */
public final class EventReplay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventReplay.class);
    static final int PAGE = 1000;

    private final WebClient client;
    private final Pool pool;

    public EventReplay(io.vertx.mutiny.core.Vertx vertx, Pool pool) {
        this.client = WebClient.create(vertx);
        this.pool = pool;
    }

    @Override
    public void close() {
        client.close();
    }

    /** Events replayed and the last sequence reached. */
    public record Replayed(String source, long eventsApplied, long lastSequence) {
    }

    /** Replays the events after {@code after}, presenting {@code authorization} (an operator's token) to the producer. */
    public Uni<Replayed> replay(String source, URI producer, String authorization, long after,
            BiFunction<SqlClient, EventEnvelope, Uni<Void>> apply) {
        LOG.infof("replaying %s events after sequence %d from %s", source, after, producer);
        return page(source, producer, authorization, after, 0, apply)
                .invoke(r -> LOG.infof("replayed %d %s events, up to sequence %d", r.eventsApplied(), source, r.lastSequence()));
    }

    private Uni<Replayed> page(String source, URI producer, String authorization, long after, long applied,
            BiFunction<SqlClient, EventEnvelope, Uni<Void>> apply) {
        return client.get(producer.getPort(), producer.getHost(), "/events")
                .addQueryParam("after", Long.toString(after)).addQueryParam("limit", Integer.toString(PAGE))
                .putHeader("Authorization", authorization == null ? "" : authorization)
                .send()
                .onFailure().transform(e -> new ProblemException(503, "SERVICE_UNAVAILABLE", null,
                        source + " events cannot be read from " + producer + ": " + e.getMessage()))
                .chain(response -> {
                    if (response.statusCode() != 200) {
                        throw new ProblemException(502, "UPSTREAM_REFUSED", null, producer + " answered " + response.statusCode()
                                + " to GET /events: " + response.bodyAsString());
                    }
                    List<EventEnvelope> events;
                    try {
                        events = List.of(EventCodec.MAPPER.readValue(response.body().getBytes(), EventEnvelope[].class));
                    } catch (IOException e) {
                        throw new ProblemException(502, "UPSTREAM_REFUSED", null, source + " events are unreadable");
                    }
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(new Replayed(source, applied, after));
                    }
                    long last = events.get(events.size() - 1).sequence();
                    long total = applied + events.size();
                    return pool.withTransaction(tx -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (EventEnvelope e : events) {
                            chain = chain.chain(() -> apply.apply(tx, e));
                        }
                        return chain;
                    }).invoke(() -> {
                        if (total % 10_000 < PAGE) {
                            LOG.infof("%s replay: %d events (sequence %d)", source, total, last);
                        }
                    }).chain(() -> events.size() < PAGE ? Uni.createFrom().item(new Replayed(source, total, last))
                            : page(source, producer, authorization, last, total, apply));
                });
    }
}
