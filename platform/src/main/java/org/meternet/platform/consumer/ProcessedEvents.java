package org.meternet.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/**
 * Remembers which events a consumer has applied, in the consumer's own transaction: the record and
 * the effect commit together or not at all, so a redelivered event is recognised and skipped.
 */
public final class ProcessedEvents {
    private ProcessedEvents() {
    }

    /**
     * Records a batch's events in one statement; the ids seen for the first time (each once, whatever the repeats),
     * the others being redeliveries.
     */
    public static Uni<java.util.Set<UUID>> firstDeliveries(SqlClient transaction, String consumer, java.util.List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return transaction.preparedQuery("insert into processed_event (consumer, event_id) select $1, unnest($2::uuid[]) "
                + "on conflict do nothing returning event_id")
                .execute(Tuple.of(consumer, eventIds.toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Set<UUID> first = new java.util.HashSet<>();
                    rows.forEach(r -> first.add(r.getUUID(0)));
                    return first;
                });
    }

    /** True the first time this consumer sees the event (and records it); false on every redelivery. */
    public static Uni<Boolean> firstDelivery(SqlClient transaction, String consumer, UUID eventId) {
        return transaction.preparedQuery("insert into processed_event (consumer, event_id) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(consumer, eventId))
                .map(rs -> rs.rowCount() == 1);
    }
}
