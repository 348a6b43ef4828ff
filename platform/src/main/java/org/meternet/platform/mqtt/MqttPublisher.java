package org.meternet.platform.mqtt;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Publishes at QoS 1; a send completes only when the broker's PUBACK arrives, and fails when the
 * connection drops first, so the caller knows exactly what the broker has taken. Reconnects by
 * itself with backoff.
 */
public final class MqttPublisher {
    private static final Logger LOG = Logger.getLogger(MqttPublisher.class);

    private final Vertx vertx;
    private final MqttEndpoint endpoint;
    private final String clientId;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    private final Pubacks pubacks;

    private Context context;
    private volatile MqttClient client;
    private volatile boolean stopped;
    private volatile String lastFailure = "none";

    public MqttPublisher(Vertx vertx, MqttEndpoint endpoint, String clientId) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.pubacks = new Pubacks(endpoint.maxInflight());
    }

    /** Starts connecting; the Uni completes on the first successful connection. */
    public Uni<Void> start() {
        Promise<Void> first = Promise.promise();
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> connect(first));
        return Uni.createFrom().completionStage(first.future().toCompletionStage());
    }

    /** Why the last connection attempt failed, for error messages. */
    public String lastFailure() {
        return lastFailure;
    }

    public boolean isConnected() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }

    public Uni<Void> publish(String topic, byte[] payload) {
        return publish(topic, Buffer.buffer(payload));
    }

    public Uni<Void> publish(String topic, Buffer payload) {
        return pubacks.publish(context, () -> client, endpoint.toString(), topic, payload);
    }

    public void stop() {
        stopped = true;
        if (context != null) {
            context.runOnContext(v -> {
                if (client != null && client.isConnected()) {
                    client.disconnect();
                }
            });
        }
    }

    private void connect(Promise<Void> first) {
        if (stopped) {
            return;
        }
        MqttClient c = MqttClient.create(vertx, endpoint.options(clientId, true));
        pubacks.attach(c);
        c.closeHandler(v -> {
            pubacks.failAll(new IllegalStateException("connection to " + endpoint + " closed before PUBACK"));
            if (!stopped && client == c) { // a failed attempt reschedules itself below
                long delay = backoff.nextDelayMillis();
                LOG.warnf("MQTT publisher %s lost %s; reconnecting in %d ms", clientId, endpoint, delay);
                vertx.setTimer(delay, t -> connect(first));
            }
        });
        c.exceptionHandler(e -> LOG.debugf("MQTT publisher %s: %s", clientId, e.getMessage()));
        c.connect(endpoint.port(), endpoint.host()).onComplete(ar -> {
            if (ar.succeeded()) {
                client = c;
                backoff.reset();
                LOG.infof("MQTT publisher %s connected to %s", clientId, endpoint);
                first.tryComplete();
            } else if (!stopped) {
                lastFailure = String.valueOf(ar.cause());
                long delay = backoff.nextDelayMillis();
                LOG.warnf("MQTT publisher %s cannot reach %s (%s); retrying in %d ms", clientId, endpoint,
                        ar.cause().getMessage(), delay);
                vertx.setTimer(delay, t -> connect(first));
            }
        });
    }

}
