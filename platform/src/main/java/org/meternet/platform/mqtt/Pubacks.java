package org.meternet.platform.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * QoS 1 publishes on one connection, each answered when the broker's PUBACK arrives: a message counts as handed over
 * only then. Shared by the publisher and by a consumer that also publishes on its own connection (a device has one).
 */
final class Pubacks {
    private final Map<Integer, Promise<Void>> awaiting = new ConcurrentHashMap<>();

    /** Follows a new connection's PUBACKs; call before connecting. */
    void attach(MqttClient c) {
        c.publishCompletionHandler(id -> complete(id, null));
        c.publishCompletionExpirationHandler(id -> complete(id, new IllegalStateException("no PUBACK in time")));
    }

    /** Publishes on the connection {@code client} gives at that moment, on its context; done at the PUBACK. */
    Uni<Void> publish(Context context, Supplier<MqttClient> client, String what, String topic, Buffer payload) {
        Promise<Void> acked = Promise.promise();
        context.runOnContext(v -> {
            MqttClient c = client.get();
            if (c == null || !c.isConnected()) {
                acked.fail(new IllegalStateException("not connected to " + what));
                return;
            }
            c.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    awaiting.put(ar.result(), acked);
                } else {
                    acked.fail(ar.cause());
                }
            });
        });
        return Uni.createFrom().completionStage(acked.future().toCompletionStage());
    }

    /** The connection closed: whatever waited for a PUBACK on it fails. */
    void failAll(Throwable failure) {
        awaiting.keySet().forEach(id -> complete(id, failure));
    }

    private void complete(int packetId, Throwable failure) {
        Promise<Void> p = awaiting.remove(packetId);
        if (p == null) {
            return;
        }
        if (failure == null) {
            p.tryComplete();
        } else {
            p.tryFail(failure);
        }
    }
}
