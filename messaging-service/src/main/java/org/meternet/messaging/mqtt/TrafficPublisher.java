package org.meternet.messaging.mqtt;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;
import org.meternet.messaging.persistence.TrafficStore;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.TrafficCounted;
import org.meternet.platform.outbox.Outbox;

/**
 * Publishes each closed minute's traffic as traffic.counted through the outbox. A minute is closed
 * a grace period after it ends, so that batches begun in it have committed.
 */
@ApplicationScoped
public class TrafficPublisher {
    private static final Logger LOG = Logger.getLogger(TrafficPublisher.class);
    static final Duration GRACE = Duration.ofSeconds(15);
    static final int MAX_ROWS = 20_000;

    private final Pool pool;
    private final TrafficStore traffic;
    private final Outbox outbox;

    public TrafficPublisher(Pool pool, TrafficStore traffic, Outbox outbox) {
        this.pool = pool;
        this.traffic = traffic;
        this.outbox = outbox;
    }

    @Scheduled(every = "${meternet.traffic.publish-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publishClosedMinutes() {
        return publishClosedBefore(Instant.now().minus(GRACE).truncatedTo(ChronoUnit.MINUTES));
    }

    /** Publishes every minute before the given one that is unpublished or changed; returns when committed. */
    public Uni<Void> publishClosedBefore(Instant before) {
        return pool.withTransaction(tx -> traffic.claimUnpublished(tx, before, MAX_ROWS).chain(minutes -> {
            if (minutes.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<EventEnvelope> events = minutes.stream()
                    .map(m -> EventEnvelope.of(EventType.TRAFFIC_COUNTED, m.minute(), "messaging", m.minute().toString(), m))
                    .toList();
            long messages = minutes.stream().flatMap(m -> m.counts().stream()).mapToLong(TrafficCounted.Count::messages).sum();
            LOG.infof("traffic of %d minute(s) published (%d messages, up to %s)", minutes.size(), messages,
                    minutes.get(minutes.size() - 1).minute());
            return outbox.appendAll(tx, events);
        })).onFailure().invoke(e -> LOG.warnf("traffic counts not published this time: %s", e.getMessage()));
    }
}
