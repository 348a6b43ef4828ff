package org.meternet.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.mutiny.sqlclient.Row;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;

/** Reads outbox rows back into envelopes, for the relay and for GET /events. */
final class OutboxRows {
    static final String SELECT = "select event_id, type, version, occurred_at, source, subject, sequence, data, traceparent from outbox ";

    private OutboxRows() {
    }

    static EventEnvelope envelope(Row row) {
        try {
            return new EventEnvelope(row.getUUID("event_id"), row.getString("type"), row.getInteger("version"),
                    row.getOffsetDateTime("occurred_at").toInstant(), row.getString("source"), row.getString("subject"),
                    row.getLong("sequence"), EventCodec.MAPPER.readTree(row.getString("data")), row.getString("traceparent"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox row " + row.getUUID("event_id") + " holds data that is not JSON", e);
        }
    }
}
