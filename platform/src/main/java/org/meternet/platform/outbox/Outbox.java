package org.meternet.platform.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;

/**
 * Writes events to the outbox table inside the producer's transaction, so an event exists exactly
 * when the state change it describes was committed. The {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {
    private static final String COLUMNS = "insert into outbox (event_id, type, version, occurred_at, source, subject, data, traceparent) ";

    /** Appends within the current Hibernate Reactive transaction (a {@code @WithTransaction} method). */
    public Uni<Void> append(EventEnvelope event) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery(COLUMNS + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, event.eventId())
                .setParameter(2, event.type())
                .setParameter(3, event.version())
                .setParameter(4, event.occurredAt().atOffset(ZoneOffset.UTC))
                .setParameter(5, event.source())
                .setParameter(6, event.subject())
                .setParameter(7, dataJson(event))
                .setParameter(8, event.traceparent())
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Appends on a reactive SQL connection that is inside the caller's transaction. */
    public Uni<Void> append(SqlClient connection, EventEnvelope event) {
        return connection.preparedQuery(COLUMNS + "values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple()
                        .addUUID(event.eventId())
                        .addString(event.type())
                        .addInteger(event.version())
                        .addOffsetDateTime(event.occurredAt().atOffset(ZoneOffset.UTC))
                        .addString(event.source())
                        .addString(event.subject())
                        .addString(dataJson(event))
                        .addString(event.traceparent()))
                .replaceWithVoid();
    }

    /** Appends many events with one statement, in list order, inside the caller's transaction. */
    public Uni<Void> appendAll(SqlClient connection, java.util.List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        java.util.UUID[] ids = new java.util.UUID[n];
        String[] types = new String[n];
        Integer[] versions = new Integer[n];
        java.time.OffsetDateTime[] times = new java.time.OffsetDateTime[n];
        String[] sources = new String[n];
        String[] subjects = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            EventEnvelope e = events.get(i);
            ids[i] = e.eventId();
            types[i] = e.type();
            versions[i] = e.version();
            times[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
            sources[i] = e.source();
            subjects[i] = e.subject();
            data[i] = dataJson(e);
        }
        // ordinality keeps the list order in the ids the relay numbers by
        return connection.preparedQuery(COLUMNS + "select e, t, v, o, s, sub, d, null from unnest($1::uuid[], $2::text[], "
                + "$3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::text[]) with ordinality as x(e, t, v, o, s, sub, d, n) order by n")
                .execute(Tuple.from(new Object[] {ids, types, versions, times, sources, subjects, data}))
                .replaceWithVoid();
    }

    private static String dataJson(EventEnvelope event) {
        try {
            return EventCodec.MAPPER.writeValueAsString(event.data());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
