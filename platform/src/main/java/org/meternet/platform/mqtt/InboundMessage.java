package org.meternet.platform.mqtt;

import io.vertx.core.buffer.Buffer;

/** A message as the consumer's handler sees it; it is acknowledged only after the handler succeeds. */
public record InboundMessage(String topic, Buffer payload, boolean redelivered) {
    public byte[] bytes() {
        return payload.getBytes();
    }
}
