package org.meternet.platform.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * An MQTT consumer that loses nothing it acknowledged.
 * <ul>
 * <li>QoS 1 with manual acknowledgement: a message is acked only after the handler's effect is
 * committed (the handler's Uni succeeded).</li>
 * <li>A persistent session under a stable client id, so messages published while the consumer is
 * down wait in the broker; the handler is in place before the connection opens, so none that the
 * broker sends at once is dropped.</li>
 * <li>Messages are handed to the handler in batches, in arrival order; up to {@code maxConcurrentBatches}
 * batches may be in progress at once (1 keeps strict order; more overlaps one batch's commit with
 * the next one's work). Acknowledgements always go out in arrival order, as MQTT 3.1.1 requires:
 * a batch that finishes early waits for the ones before it.</li>
 * <li>When the handler fails (database down...), the connection is dropped and reopened with
 * backoff: the broker then redelivers every unacknowledged message, so retry needs no local copy.</li>
 * </ul>
 * A handler must absorb redeliveries (idempotent keys) and must deal with poison messages itself
 * (dead-letter and succeed); a failure means "try again later".
 */
public final class ReliableMqttConsumer {
    private static final Logger LOG = Logger.getLogger(ReliableMqttConsumer.class);

    private final Vertx vertx;
    private final MqttEndpoint endpoint;
    private final String clientId;
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    private final Function<List<InboundMessage>, Uni<Void>> handler;
    private final int maxBatch;
    private final int maxConcurrentBatches;
    private final boolean persistentSession;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    private final ArrayDeque<MqttPublishMessage> pending = new ArrayDeque<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final Pubacks pubacks;

    /** A batch handed to the handler, acknowledged once it and every batch before it succeeded. */
    private static final class InFlight {
        final List<MqttPublishMessage> messages;
        boolean done;

        InFlight(List<MqttPublishMessage> messages) {
            this.messages = messages;
        }
    }

    /** Past this many held messages the consumer stops reading from its socket, and reads again at half of it. */
    private final int highWater;
    private boolean paused;
    private Context context;
    private MqttClient client;
    private volatile boolean stopped;
    private volatile boolean subscribed;
    private long generation;

    public ReliableMqttConsumer(Vertx vertx, MqttEndpoint endpoint, String clientId, boolean persistentSession,
            List<String> topicFilters, int maxBatch, Function<List<InboundMessage>, Uni<Void>> handler) {
        this(vertx, endpoint, clientId, persistentSession, topicFilters, maxBatch, 1, handler);
    }

    public ReliableMqttConsumer(Vertx vertx, MqttEndpoint endpoint, String clientId, boolean persistentSession,
            List<String> topicFilters, int maxBatch, int maxConcurrentBatches, Function<List<InboundMessage>, Uni<Void>> handler) {
        this.maxConcurrentBatches = maxConcurrentBatches;
        this.persistentSession = persistentSession;
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.pubacks = new Pubacks(endpoint.maxInflight());
        topicFilters.forEach(f -> subscriptions.put(f, MqttQoS.AT_LEAST_ONCE.value()));
        this.maxBatch = maxBatch;
        this.handler = handler;
        this.highWater = Math.max(1000, 4 * maxBatch * maxConcurrentBatches);
    }

    /** Connects and subscribes; the Uni completes once the first subscription is acknowledged. */
    public Uni<Void> start() {
        Promise<Void> firstSubscription = Promise.promise();
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> connect(firstSubscription));
        return Uni.createFrom().completionStage(firstSubscription.future().toCompletionStage());
    }

    /**
     * Publishes at QoS 1 on this consumer's own connection, done at the broker's PUBACK: for a device, whose broker
     * allows it one connection (its certificate's CN is its client id), to answer on the connection it listens on.
     */
    public Uni<Void> publish(String topic, byte[] payload) {
        return pubacks.publish(context, () -> client, endpoint.toString(), topic, io.vertx.core.buffer.Buffer.buffer(payload));
    }

    /** Messages received and not yet acknowledged: waiting for a batch, or in a batch being processed. */
    public int held() {
        int n = pending.size();
        for (InFlight f : inFlight) {
            n += f.messages.size();
        }
        return n;
    }

    public boolean isSubscribed() {
        return subscribed;
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

    /**
     * Stops for good and has the broker forget this consumer's persistent session, so that it stops queueing for a
     * client id that will not come back (a benchmark's, a test's): a CONNECT with a clean session discards it.
     */
    public Uni<Void> retire() {
        stop();
        MqttClient forget = MqttClient.create(vertx, endpoint.options(clientId, true));
        return Uni.createFrom().completionStage(() -> forget.connect(endpoint.port(), endpoint.host())
                .compose(ack -> forget.disconnect()).toCompletionStage());
    }

    private void connect(Promise<Void> firstSubscription) {
        if (stopped) {
            return;
        }
        long gen = ++generation;
        pending.clear();
        inFlight.clear();
        MqttClient c = MqttClient.create(vertx, endpoint.options(clientId, !persistentSession));
        client = c;
        pubacks.attach(c);
        paused = false;
        c.publishHandler(m -> {
            if (gen == generation) {
                pending.add(m);
                if (!paused && held() >= highWater && ReadPause.reading(c, false)) {
                    paused = true;
                    LOG.debugf("MQTT consumer %s holds %d messages: reading paused until it has committed half", clientId, held());
                }
                drain(gen);
            }
        });
        c.closeHandler(v -> {
            subscribed = false;
            pubacks.failAll(new IllegalStateException("connection to " + endpoint + " closed before PUBACK"));
            if (gen == generation && !stopped) {
                long delay = backoff.nextDelayMillis();
                LOG.warnf("MQTT consumer %s lost %s; reconnecting in %d ms", clientId, endpoint, delay);
                vertx.setTimer(delay, t -> connect(firstSubscription));
            }
        });
        c.exceptionHandler(e -> LOG.warnf(e, "MQTT consumer %s: %s", clientId, e.getMessage()));
        c.connect(endpoint.port(), endpoint.host()).compose(ack -> c.subscribe(subscriptions)).onComplete(ar -> {
            if (ar.succeeded()) {
                subscribed = true;
                backoff.reset();
                LOG.infof("MQTT consumer %s subscribed to %s on %s", clientId, subscriptions.keySet(), endpoint);
                firstSubscription.tryComplete();
            } else if (gen == generation && !stopped) {
                long delay = backoff.nextDelayMillis();
                LOG.warnf("MQTT consumer %s cannot reach %s (%s); retrying in %d ms", clientId, endpoint,
                        ar.cause().getMessage(), delay);
                if (c.isConnected()) {
                    c.disconnect();
                } else {
                    vertx.setTimer(delay, t -> connect(firstSubscription));
                }
            }
        });
    }

    private void drain(long gen) {
        while (gen == generation && !pending.isEmpty() && inFlight.size() < maxConcurrentBatches
                // a second batch only when there is enough for it: small transactions cost more than they overlap
                && (inFlight.isEmpty() || pending.size() >= Math.max(1, maxBatch / 4))) {
            start(gen);
        }
    }

    private void start(long gen) {
        List<MqttPublishMessage> batch = new ArrayList<>(Math.min(maxBatch, pending.size()));
        while (!pending.isEmpty() && batch.size() < maxBatch) {
            batch.add(pending.poll());
        }
        InFlight flight = new InFlight(batch);
        inFlight.add(flight);
        List<InboundMessage> inbound = new ArrayList<>(batch.size());
        for (MqttPublishMessage m : batch) {
            inbound.add(new InboundMessage(m.topicName(), m.payload(), m.isDup()));
        }
        Uni<Void> effect;
        try {
            effect = handler.apply(inbound);
        } catch (RuntimeException e) {
            effect = Uni.createFrom().failure(e);
        }
        effect.subscribe().with(
                ok -> context.runOnContext(v -> {
                    if (gen != generation) {
                        return; // the connection these belong to is gone; the broker redelivers them
                    }
                    flight.done = true;
                    if (!client.isConnected()) {
                        return; // lost while committing: the broker redelivers these, and they are absorbed
                    }
                    while (!inFlight.isEmpty() && inFlight.peek().done) {
                        inFlight.poll().messages.forEach(MqttPublishMessage::ack);
                    }
                    if (paused && held() <= highWater / 2 && ReadPause.reading(client, true)) {
                        paused = false;
                    }
                    drain(gen);
                }),
                failure -> context.runOnContext(v -> {
                    if (gen != generation) {
                        return;
                    }
                    LOG.warnf("MQTT consumer %s could not process %d message(s): %s; they stay unacknowledged and "
                            + "will be redelivered after reconnecting", clientId, batch.size(), failure.toString());
                    pending.clear();
                    inFlight.clear();
                    client.disconnect();
                }));
    }
}
