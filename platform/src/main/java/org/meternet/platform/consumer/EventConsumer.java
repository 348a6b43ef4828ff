package org.meternet.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.mqtt.InboundMessage;

/**
 * Turns a batch of MQTT messages carrying domain events into one database transaction: each event
 * is decoded, checked against the consumer's processed ids, and applied in arrival order. The
 * batch is acknowledged only after the transaction commits.
 */
public final class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private EventConsumer() {
    }

    public static Function<List<InboundMessage>, Uni<Void>> applying(Pool pool, String consumer,
            BiFunction<SqlConnection, EventEnvelope, Uni<Void>> effect) {
        return batch -> pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (InboundMessage m : batch) {
                chain = chain.chain(() -> applyOne(conn, consumer, m, effect));
            }
            return chain;
        });
    }

    private static Uni<Void> applyOne(SqlConnection conn, String consumer, InboundMessage m,
            BiFunction<SqlConnection, EventEnvelope, Uni<Void>> effect) {
        EventEnvelope event;
        try {
            event = EventCodec.decodeReadable(m.bytes());
        } catch (EventCodec.MalformedEventException e) {
            // Retrying cannot make it readable; the producer still serves it at GET /events.
            LOG.errorf("%s skipped an unreadable event on %s: %s", consumer, m.topic(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return ProcessedEvents.firstDelivery(conn, consumer, event.eventId())
                .chain(first -> first ? effect.apply(conn, event) : Uni.createFrom().voidItem());
    }
}
