package org.meternet.simulator.load;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.Topics;
import org.meternet.platform.hub.HubCommand;
import org.meternet.platform.hub.HubResponse;
import org.meternet.platform.mqtt.InboundMessage;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.platform.mqtt.ReliableMqttConsumer;

/**
 * Every hub's commands answered at once by one MQTT client, as a concentrator of hubs would: DELIVERED, then SUCCEEDED
 * (I0) with a register read. A command is acknowledged once both answers are PUBACKed; the connection comes back by
 * itself after a broker restart. With a persistent session the commands sent while the connection was down wait in
 * the broker; {@link #close()} then removes that session, so that the broker does not go on queueing for a client
 * that is gone.
 */
public final class HubResponder implements AutoCloseable {
    /** Where the gateway sends hubs their commands: meternet/v1/hubs/{chf}/down/{device}/commands. */
    static final String COMMANDS = "meternet/v1/hubs/+/down/+/commands";

    private final Vertx vertx = Vertx.vertx();
    private final MqttEndpoint endpoint;
    private final String clientId;
    private final boolean persistentSession;
    private final ReliableMqttConsumer consumer;
    private final AtomicLong register = new AtomicLong(1_000_000);
    private final AtomicLong answered = new AtomicLong();

    public HubResponder(MqttEndpoint endpoint, String clientId, boolean persistentSession) {
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.persistentSession = persistentSession;
        // one command a batch, many at once: each is answered the moment it arrives, never held for a batch to fill
        this.consumer = new ReliableMqttConsumer(vertx, endpoint, clientId, persistentSession, List.of(COMMANDS), 1, 256,
                this::answer);
    }

    public HubResponder start() {
        consumer.start().await().atMost(Duration.ofSeconds(15));
        return this;
    }

    /** Commands answered so far. */
    public long answered() {
        return answered.get();
    }

    private Uni<Void> answer(List<InboundMessage> batch) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (InboundMessage m : batch) {
            try {
                HubCommand c = EventCodec.MAPPER.readValue(m.bytes(), HubCommand.class);
                String up = Topics.responsesTo(m.topic());
                sends.add(consumer.publish(up, EventCodec.MAPPER.writeValueAsBytes(
                        new HubResponse(c.requestId(), HubResponse.DELIVERED, null, null))));
                sends.add(consumer.publish(up, EventCodec.MAPPER.writeValueAsBytes(new HubResponse(c.requestId(),
                        HubResponse.SUCCEEDED, "I0", EventCodec.MAPPER.valueToTree(Map.of("importWh", register.incrementAndGet()))))));
            } catch (java.io.IOException e) {
                // not a command of this platform: a hub ignores it
            }
        }
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int commands = sends.size() / 2;
        return Uni.join().all(sends).andFailFast().invoke(() -> answered.addAndGet(commands)).replaceWithVoid();
    }

    @Override
    public void close() {
        consumer.stop();
        try {
            if (persistentSession) {
                retireSession(endpoint, clientId);
            }
        } finally {
            vertx.close();
        }
    }

    /** Connects once under {@code clientId} with a clean session: the broker drops the session kept for it. */
    public static void retireSession(MqttEndpoint endpoint, String clientId) {
        Vertx vertx = Vertx.vertx();
        try {
            MqttClientOptions o = new MqttClientOptions().setClientId(clientId).setCleanSession(true);
            endpoint.username().ifPresent(o::setUsername);
            endpoint.password().ifPresent(o::setPassword);
            MqttClient c = MqttClient.create(vertx, o);
            // the consumer's own goodbye may still be on its way: the broker takes the newer connection either way
            c.connect(endpoint.port(), endpoint.host()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            c.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not remove the broker's session of " + clientId + " (connect once with a "
                    + "clean session to remove it): " + e, e);
        } finally {
            vertx.close();
        }
    }
}
