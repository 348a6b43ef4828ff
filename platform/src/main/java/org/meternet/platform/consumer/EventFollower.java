package org.meternet.platform.consumer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.Topics;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.mqtt.ReliableMqttConsumer;

/**
 * Follows one producer's events into a read model: a reliable consumer (persistent session,
 * manual acknowledgement) whose batches are applied idempotently in one transaction each. A
 * service subclasses it as a singleton bean (no client proxy: the base has no no-args constructor)
 * and says what an event does.
 */
public abstract class EventFollower {
    private static final Logger LOG = Logger.getLogger(EventFollower.class);

    private final MqttClients mqtt;
    private final Pool pool;
    private ReliableMqttConsumer consumer;

    protected EventFollower(MqttClients mqtt, Pool pool) {
        this.mqtt = mqtt;
        this.pool = pool;
    }

    /** The producer followed, e.g. "installation". */
    protected abstract String source();

    /** This consumer's name in processed_event; distinct per read model. */
    protected abstract String consumerName();

    /** What one event does to the read model, inside the batch's transaction. */
    protected abstract Uni<Void> apply(SqlConnection tx, EventEnvelope event);

    /**
     * What a batch of events does, inside its transaction: the events seen for the first time, in arrival order. By
     * default each {@link #apply} in turn; a read model may take them in fewer statements to the same end.
     */
    protected Uni<Void> applyAll(SqlConnection tx, List<EventEnvelope> events) {
        return EventConsumer.oneByOne(this::apply).apply(tx, events);
    }

    protected int maxBatch() {
        return 500;
    }

    void start(@Observes StartupEvent ev) {
        consumer = mqtt.consumer(source() + "-events", List.of(Topics.eventsOf(source())), maxBatch(),
                EventConsumer.applying(pool, consumerName(), this::apply, this::applyAll));
        consumer.start().subscribe().with(ok -> LOG.infof("%s follows %s events", consumerName(), source()),
                e -> LOG.errorf(e, "%s cannot follow %s events", consumerName(), source()));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
    }
}
