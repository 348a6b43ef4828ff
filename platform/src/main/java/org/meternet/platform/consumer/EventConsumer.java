package org.meternet.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.mqtt.InboundMessage;

/**
 * Turns a batch of MQTT messages carrying domain events into one database transaction: each event
 * is decoded, the batch's event ids are recorded in the consumer's processed ids in one statement
 * (an id already there is a redelivery, skipped), and the events seen for the first time are
 * applied in arrival order. The batch is acknowledged only after the transaction commits.
 *
 * <p>An event whose effect the database refuses for its content (a data exception or a broken
 * constraint: retrying cannot change the answer) would otherwise be redelivered for ever and hold
 * every event behind it, for everyone: the batch is then applied one event at a time, and the one
 * refused is set aside (recorded as processed, logged with its id) so the rest go on. The producer
 * still serves it at GET /events for a replay once the cause is mended.
 */
public final class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private EventConsumer() {
    }

    /** What a batch of events does to the read model, inside the batch's transaction. */
    @FunctionalInterface
    public interface BatchEffect {
        /** {@code events}: those of the batch this consumer sees for the first time, in arrival order. */
        Uni<Void> apply(SqlConnection tx, List<EventEnvelope> events);
    }

    /** Each event's effect in turn. */
    public static BatchEffect oneByOne(BiFunction<SqlConnection, EventEnvelope, Uni<Void>> effect) {
        return (tx, events) -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (EventEnvelope e : events) {
                chain = chain.chain(() -> effect.apply(tx, e));
            }
            return chain;
        };
    }

    public static Function<List<InboundMessage>, Uni<Void>> applying(Pool pool, String consumer,
            BiFunction<SqlConnection, EventEnvelope, Uni<Void>> effect) {
        return applying(pool, consumer, effect, oneByOne(effect));
    }

    /**
     * As above, the batch's events recorded as processed in one statement and handed to {@code batchEffect} together
     * (which may apply them in fewer statements than one each, to the same end as {@code effect} one by one); a batch
     * the database refuses for its content is applied one event at a time with {@code effect}.
     */
    public static Function<List<InboundMessage>, Uni<Void>> applying(Pool pool, String consumer,
            BiFunction<SqlConnection, EventEnvelope, Uni<Void>> effect, BatchEffect batchEffect) {
        return batch -> pool.withTransaction(conn -> {
            List<EventEnvelope> events = new ArrayList<>(batch.size());
            for (InboundMessage m : batch) {
                EventEnvelope event = readable(consumer, m);
                if (event != null) {
                    events.add(event);
                }
            }
            return ProcessedEvents.firstDeliveries(conn, consumer, events.stream().map(EventEnvelope::eventId).toList())
                    .chain(first -> {
                        List<EventEnvelope> fresh = new ArrayList<>(first.size());
                        for (EventEnvelope e : events) {
                            if (first.remove(e.eventId())) { // a repeat within the batch is applied once
                                fresh.add(e);
                            }
                        }
                        return fresh.isEmpty() ? Uni.createFrom().voidItem() : batchEffect.apply(conn, fresh);
                    });
        }).onFailure(EventConsumer::refusedForItsContent).recoverWithUni(refused -> {
            LOG.warnf("%s: the database refused a batch of %d event(s) for its content (%s); applying them one by one",
                    consumer, batch.size(), refused.getMessage());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (InboundMessage m : batch) {
                chain = chain.chain(() -> pool.withTransaction(conn -> applyOne(conn, consumer, m, effect))
                        .onFailure(EventConsumer::refusedForItsContent)
                        .recoverWithUni(e -> pool.withTransaction(conn -> setAside(conn, consumer, m, e))));
            }
            return chain;
        });
    }

    /** A data exception (SQLSTATE class 22) or a broken integrity constraint (class 23): the same every time. */
    static boolean refusedForItsContent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static Uni<Void> setAside(SqlConnection conn, String consumer, InboundMessage m, Throwable refused) {
        EventEnvelope event = EventCodec.decodeReadable(m.bytes());
        LOG.errorf("%s set aside event %s (%s of %s, sequence %s): the database refuses its effect: %s; it stays at the "
                + "producer's GET /events for a replay", consumer, event.eventId(), event.type(), event.subject(), event.sequence(),
                refused.getMessage());
        return ProcessedEvents.firstDelivery(conn, consumer, event.eventId()).replaceWithVoid();
    }

    private static Uni<Void> applyOne(SqlConnection conn, String consumer, InboundMessage m,
            BiFunction<SqlConnection, EventEnvelope, Uni<Void>> effect) {
        EventEnvelope event = readable(consumer, m);
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        return ProcessedEvents.firstDelivery(conn, consumer, event.eventId())
                .chain(first -> first ? effect.apply(conn, event) : Uni.createFrom().voidItem());
    }

    /** The event a message carries, or null (logged) when it cannot be read: retrying cannot make it readable. */
    private static EventEnvelope readable(String consumer, InboundMessage m) {
        try {
            return EventCodec.decodeReadable(m.bytes());
        } catch (EventCodec.MalformedEventException e) {
            // the producer still serves it at GET /events
            LOG.errorf("%s skipped an unreadable event on %s: %s", consumer, m.topic(), e.getMessage());
            return null;
        }
    }
}
