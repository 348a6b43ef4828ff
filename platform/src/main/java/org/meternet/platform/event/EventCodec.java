package org.meternet.platform.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.meternet.platform.api.StrictJson;

/** JSON form of the envelope, and the version check a consumer applies before reading the data. */
public final class EventCodec {
    /** One mapper configured for the wire format: ISO-8601 instants, unknown fields tolerated, duplicate keys not. */
    public static final ObjectMapper MAPPER = StrictJson.apply(new ObjectMapper())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private EventCodec() {
    }

    public static byte[] encode(EventEnvelope event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " cannot be written as JSON", e);
        }
    }

    public static String encodeToString(EventEnvelope event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /** Reads an envelope; fails on malformed JSON or a missing required field. */
    public static EventEnvelope decode(byte[] json) {
        try {
            return MAPPER.readValue(json, EventEnvelope.class);
        } catch (IOException e) {
            throw new MalformedEventException("not a meternet event envelope: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an envelope of a type this consumer understands. An unknown type or a version newer
     * than the consumer knows is refused, so a consumer never misreads a payload.
     */
    public static EventEnvelope decodeReadable(byte[] json) {
        EventEnvelope event = decode(json);
        EventType type = EventType.fromWireName(event.type())
                .orElseThrow(() -> new MalformedEventException("unknown event type '" + event.type() + "'", null));
        if (!type.canRead(event.version())) {
            throw new MalformedEventException("event " + event.eventId() + " of type " + event.type() + " has version "
                    + event.version() + "; this consumer reads versions 1 to " + type.currentVersion(), null);
        }
        return event;
    }

    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }

        private static final long serialVersionUID = 1L;
    }
}
