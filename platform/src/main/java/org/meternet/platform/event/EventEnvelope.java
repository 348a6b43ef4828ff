package org.meternet.platform.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every domain event travels in (docs/contracts.md, Event envelope).
 *
 * @param occurredAt business time; may lie in the past for estates migrated from older systems
 * @param sequence   per-source, strictly increasing; assigned when the outbox relay releases the
 *                   event, so {@code 0} means "not yet sequenced"
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        String source,
        String subject,
        long sequence,
        JsonNode data,
        String traceparent) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(data, "data");
        if (version < 1) {
            throw new IllegalArgumentException("event version must be at least 1, was " + version);
        }
    }

    /** A new event of the current version of its type, not yet sequenced. */
    public static EventEnvelope of(EventType type, Instant occurredAt, String source, String subject, Object data) {
        return new EventEnvelope(UUID.randomUUID(), type.wireName(), type.currentVersion(), occurredAt, source, subject, 0,
                EventCodec.MAPPER.valueToTree(data), null);
    }

    public EventEnvelope withSequence(long newSequence) {
        return new EventEnvelope(eventId, type, version, occurredAt, source, subject, newSequence, data, traceparent);
    }

    /**
     * The data as {@code payloadType}, read straight from the tree (convertValue wrote the tree out into a token buffer
     * first: over a quarter of what this allocated, JFR); fails with IllegalArgumentException as it did.
     */
    public <T> T dataAs(Class<T> payloadType) {
        try {
            return EventCodec.MAPPER.treeToValue(data, payloadType);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
