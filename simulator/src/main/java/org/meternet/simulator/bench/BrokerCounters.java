package org.meternet.simulator.bench;

import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.meternet.platform.mqtt.MqttEndpoint;

/**
 * Mosquitto's own counters from its {@code $SYS} tree (retained, refreshed every 10 s), read as the harness account
 * (infra/mosquitto/harness.acl lets it). {@code dropped} counts the messages the broker discarded because a session's
 * queue or in-flight limits were reached: a QoS 1 reading dropped there was acknowledged to its hub and is lost.
 * The counters start at zero when the broker starts.
 */
public final class BrokerCounters {
    static final String DROPPED = "$SYS/broker/publish/messages/dropped";

    private BrokerCounters() {
    }

    /** Messages the broker has dropped since it started. */
    public static long dropped(MqttEndpoint broker) {
        Vertx vertx = Vertx.vertx();
        try {
            return read(vertx, broker, DROPPED);
        } finally {
            vertx.close();
        }
    }

    static long read(Vertx vertx, MqttEndpoint broker, String topic) {
        CompletableFuture<Long> value = new CompletableFuture<>();
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId("counters-" + System.nanoTime())
                .setCleanSession(true).setUsername(broker.username().orElse(null)).setPassword(broker.password().orElse(null)));
        c.publishHandler(m -> value.complete(Long.parseLong(m.payload().toString(StandardCharsets.US_ASCII).trim())));
        c.connect(broker.port(), broker.host()).compose(ack -> c.subscribe(topic, 0))
                .onFailure(value::completeExceptionally);
        try {
            return value.get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker " + broker + " published no " + topic + " within 15 s", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + topic + " from " + broker + ": " + e.getMessage(), e);
        } finally {
            if (c.isConnected()) {
                c.disconnect();
            }
        }
    }
}
