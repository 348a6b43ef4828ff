package org.meternet.platform.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * QoS 1 publishes on one connection, each answered when the broker's PUBACK arrives: a message counts as handed over
 * only then. Shared by the publisher and by a consumer that also publishes on its own connection (a device has one).
 * <p>
 * The Vert.x client refuses a publish past its in-flight window ("Attempt to exceed the limit of N inflight
 * messages"); a caller that pipelines more than that (the outbox relay releasing a backlog) would see most of them
 * fail and send them again and again. Publishes past the window wait here, in order, for a PUBACK to free a slot.
 * Everything here runs on the connection's context.
 */
final class Pubacks {
    private final int window;
    private final Map<Integer, Promise<Void>> awaiting = new HashMap<>();
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** Handed to the client and not yet answered by a PUBACK (or a failure). */
    private int inFlight;

    Pubacks(int window) {
        this.window = window;
    }

    /** Follows a new connection's PUBACKs; call before connecting. */
    void attach(MqttClient c) {
        c.publishCompletionHandler(id -> complete(id, null));
        c.publishCompletionExpirationHandler(id -> complete(id, new IllegalStateException("no PUBACK in time")));
    }

    /** Publishes on the connection {@code client} gives when its turn comes, on its context; done at the PUBACK. */
    Uni<Void> publish(Context context, Supplier<MqttClient> client, String what, String topic, Buffer payload) {
        Promise<Void> acked = Promise.promise();
        context.runOnContext(v -> {
            Runnable send = () -> send(client.get(), what, topic, payload, acked);
            if (inFlight < window && waiting.isEmpty()) {
                send.run();
            } else {
                waiting.add(send);
            }
        });
        return Uni.createFrom().completionStage(acked.future().toCompletionStage());
    }

    private void send(MqttClient c, String what, String topic, Buffer payload, Promise<Void> acked) {
        if (c == null || !c.isConnected()) {
            acked.fail(new IllegalStateException("not connected to " + what));
            return;
        }
        inFlight++;
        c.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false).onComplete(ar -> {
            if (ar.succeeded()) {
                awaiting.put(ar.result(), acked);
            } else {
                inFlight--;
                acked.fail(ar.cause());
                sendWaiting();
            }
        });
    }

    /** The connection closed: whatever waited for a PUBACK on it, or for its turn, fails. */
    void failAll(Throwable failure) {
        List<Promise<Void>> failed = new ArrayList<>(awaiting.values());
        awaiting.clear();
        inFlight = 0;
        failed.forEach(p -> p.tryFail(failure));
        // their turn comes now, on a closed connection: each fails with "not connected"
        sendWaiting();
    }

    private void complete(int packetId, Throwable failure) {
        Promise<Void> p = awaiting.remove(packetId);
        if (p == null) {
            return;
        }
        inFlight--;
        if (failure == null) {
            p.tryComplete();
        } else {
            p.tryFail(failure);
        }
        sendWaiting();
    }

    private void sendWaiting() {
        while (inFlight < window && !waiting.isEmpty()) {
            waiting.poll().run();
        }
    }
}
