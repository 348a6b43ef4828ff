package org.meternet.simulator.bench;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.meternet.platform.mqtt.InboundMessage;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.platform.mqtt.ReliableMqttConsumer;

/**
 * The broker's own count of messages it dropped ($SYS/broker/publish/messages/dropped: queues full, messages expired),
 * summed across its restarts (its uptime going back says it started again from zero). A clean session: nothing is
 * left at the broker when it stops. Needs read access to $SYS (the harness account has it: infra/mosquitto/harness.acl).
 * Mosquitto 2.0 publishes the figure only when it changes, retained with a 60 s expiry: a broker that dropped messages
 * before the soak, and not in the last minute, is taken to have dropped none, and its first new figure counts whole
 * (restart the broker before a soak to be sure of the baseline).
 */
public final class BrokerStats implements AutoCloseable {
    static final String DROPPED = "$SYS/broker/publish/messages/dropped";
    static final String UPTIME = "$SYS/broker/uptime";
    /** Messages the broker holds: retained ones, and those queued or in flight for persistent sessions. */
    static final String STORED = "$SYS/broker/store/messages/count";

    private final Vertx vertx = Vertx.vertx();
    private final ReliableMqttConsumer consumer;
    private final Cumulative dropped = new Cumulative();
    private volatile boolean heard;
    private boolean droppedSeen;
    private long storedMax = -1;
    private long uptime = -1;
    private long uptimeAtLastDropped = -1;

    public BrokerStats(MqttEndpoint broker, String clientId) {
        consumer = new ReliableMqttConsumer(vertx, broker, clientId, false, List.of(DROPPED, UPTIME, STORED), 10, this::take);
    }

    public BrokerStats start() {
        consumer.start().await().atMost(Duration.ofSeconds(15));
        return this;
    }

    private synchronized Uni<Void> take(List<InboundMessage> batch) {
        for (InboundMessage m : batch) {
            String text = m.payload().toString(StandardCharsets.UTF_8).trim();
            try {
                if (m.topic().equals(UPTIME)) {
                    uptime = Long.parseLong(text.split(" ")[0]); // "1234 seconds"
                    if (!heard && !droppedSeen) {
                        // the retained count, if the broker has one, came first (it is subscribed to first): without
                        // one, the broker has dropped nothing yet, and 0 is the baseline
                        dropped.observe(0);
                    }
                    heard = true;
                } else if (m.topic().equals(STORED)) {
                    storedMax = Math.max(storedMax, Long.parseLong(text));
                } else if (m.topic().equals(DROPPED)) {
                    boolean restarted = uptimeAtLastDropped >= 0 && uptime >= 0 && uptime < uptimeAtLastDropped;
                    // the first figure is the baseline: what the broker dropped before the soak is not the soak's
                    dropped.observe(Double.parseDouble(text), restarted && heard);
                    droppedSeen = true;
                    uptimeAtLastDropped = uptime;
                }
            } catch (NumberFormatException e) {
                // not a figure: skipped
            }
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * Whether the broker's $SYS tree is heard at all (its uptime, every sys_interval): else the account cannot read it.
     * Mosquitto 2.0 publishes the dropped count only once it is no longer 0, so silence on that topic means none dropped.
     */
    public boolean heard() {
        return heard;
    }

    /** The most messages the broker held at once since the last call (-1: not heard), and a new window. */
    synchronized long takeStoredMax() {
        long max = storedMax;
        storedMax = -1;
        return max;
    }

    /** Messages the broker dropped since the soak started. */
    public long dropped() {
        return dropped.total();
    }

    @Override
    public void close() {
        consumer.stop();
        vertx.close();
    }
}
