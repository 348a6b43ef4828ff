package org.meternet.platform.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;
import org.meternet.platform.event.Topics;

/**
 * The instances of one service that are alive, as the broker sees them. Each announces itself with a retained message
 * on {@code meternet/v1/instances/<service>/<instance>}, again every {@code heartbeat}; its will (or its stop) clears
 * it. An instance counts those it heard from within three heartbeats, itself included: an announcement left behind by
 * an instance that never came back (the broker restarted under it, a replica scaled away) ages out. With it a limit
 * meant for the whole service is shared out among its instances.
 */
public final class Presence {
    private static final Logger LOG = Logger.getLogger(Presence.class);

    private final Vertx vertx;
    private final MqttEndpoint endpoint;
    private final String service;
    private final String instance;
    private final Duration heartbeat;
    private final LongSupplier nanoClock;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    private final Map<String, Long> heardAt = new ConcurrentHashMap<>();

    private Context context;
    private volatile MqttClient client;
    private volatile boolean stopped;
    private long timer = -1;

    public Presence(Vertx vertx, MqttEndpoint endpoint, String service, String instance, Duration heartbeat, LongSupplier nanoClock) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.service = service;
        this.instance = instance;
        this.heartbeat = heartbeat;
        this.nanoClock = nanoClock;
    }

    /** Starts announcing; the Uni completes once this instance's first announcement is out. */
    public Uni<Void> start() {
        Promise<Void> first = Promise.promise();
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            connect(first);
            timer = vertx.setPeriodic(heartbeat.toMillis(), t -> announce());
        });
        return Uni.createFrom().completionStage(first.future().toCompletionStage());
    }

    /** How many instances of the service are alive, this one included: never fewer than one. */
    public int instances() {
        long since = nanoClock.getAsLong() - 3 * heartbeat.toNanos();
        int others = (int) heardAt.entrySet().stream().filter(e -> !e.getKey().equals(instance) && e.getValue() - since > 0).count();
        return others + 1;
    }

    /** Says goodbye (clears the announcement) and disconnects. */
    public void stop() {
        stopped = true;
        if (context == null) {
            return;
        }
        context.runOnContext(v -> {
            vertx.cancelTimer(timer);
            MqttClient c = client;
            if (c != null && c.isConnected()) {
                c.publish(Topics.instance(service, instance), Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, false, true)
                        .onComplete(ar -> c.disconnect());
            }
        });
    }

    /** The retained announcement (payload: this instance's id), when connected. */
    private Future<Integer> announce() {
        MqttClient c = client;
        if (c == null || !c.isConnected()) {
            return Future.failedFuture("not connected to " + endpoint);
        }
        return c.publish(Topics.instance(service, instance), Buffer.buffer(instance), MqttQoS.AT_LEAST_ONCE, false, true);
    }

    private void heard(String topic, Buffer payload) {
        String who = topic.substring(topic.lastIndexOf('/') + 1);
        if (payload.length() == 0) {
            heardAt.remove(who);
        } else {
            heardAt.put(who, nanoClock.getAsLong());
        }
    }

    private void connect(Promise<Void> first) {
        if (stopped) {
            return;
        }
        MqttClient c = MqttClient.create(vertx, endpoint.options(instance + "-presence", true)
                .setWillFlag(true).setWillTopic(Topics.instance(service, instance)).setWillMessageBytes(Buffer.buffer())
                .setWillRetain(true).setWillQoS(MqttQoS.AT_LEAST_ONCE.value()));
        c.publishHandler(m -> heard(m.topicName(), m.payload()));
        c.closeHandler(v -> {
            if (!stopped && client == c) {
                long delay = backoff.nextDelayMillis();
                LOG.warnf("presence of %s %s lost %s; reconnecting in %d ms", service, instance, endpoint, delay);
                vertx.setTimer(delay, t -> connect(first));
            }
        });
        c.connect(endpoint.port(), endpoint.host()).onComplete(ar -> {
            if (ar.failed()) {
                if (!stopped) {
                    long delay = backoff.nextDelayMillis();
                    LOG.warnf("presence of %s %s cannot reach %s (%s); retrying in %d ms", service, instance, endpoint,
                            ar.cause().getMessage(), delay);
                    vertx.setTimer(delay, t -> connect(first));
                }
                return;
            }
            client = c;
            backoff.reset();
            // QoS 0: the retained announcements come at once on subscribing, and a missed heartbeat is followed by the next
            c.subscribe(Topics.instancesOf(service), MqttQoS.AT_MOST_ONCE.value())
                    .compose(granted -> announce())
                    .onComplete(sent -> {
                        if (sent.succeeded()) {
                            LOG.infof("%s %s announced on %s", service, instance, Topics.instancesOf(service));
                            first.tryComplete();
                        } else {
                            LOG.warnf("presence of %s %s not announced: %s", service, instance, sent.cause().toString());
                        }
                    });
        });
    }
}
