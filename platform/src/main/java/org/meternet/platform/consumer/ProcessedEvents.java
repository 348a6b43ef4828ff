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

    /** True the first time this consumer sees the event (and records it); false on every redelivery. */
    public static Uni<Boolean> firstDelivery(SqlClient transaction, String consumer, UUID eventId) {
        return transaction.preparedQuery("insert into processed_event (consumer, event_id) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(consumer, eventId))
                .map(rs -> rs.rowCount() == 1);
    }
}
