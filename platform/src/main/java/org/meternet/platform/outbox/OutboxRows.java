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

    /**
     * The wire form of a row without parsing its data: the relay's hot path writes the stored JSON
     * as it is.
     */
    static byte[] wireBytes(Row row) {
        try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
                com.fasterxml.jackson.core.JsonGenerator g = EventCodec.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", row.getUUID("event_id").toString());
            g.writeStringField("type", row.getString("type"));
            g.writeNumberField("version", row.getInteger("version"));
            g.writeStringField("occurredAt", row.getOffsetDateTime("occurred_at").toInstant().toString());
            g.writeStringField("source", row.getString("source"));
            g.writeStringField("subject", row.getString("subject"));
            g.writeNumberField("sequence", row.getLong("sequence"));
            g.writeFieldName("data");
            g.writeRawValue(row.getString("data"));
            if (row.getString("traceparent") != null) {
                g.writeStringField("traceparent", row.getString("traceparent"));
            }
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
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
