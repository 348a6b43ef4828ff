package org.meternet.platform.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.meternet.platform.event.Topics;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.mqtt.MqttPublisher;

/**
 * Releases outbox events to the broker in order. Each cycle (1) numbers the rows not yet numbered,
 * in id order, under an advisory lock so only one relay numbers at a time, (2) publishes the
 * numbered rows past its position in sequence order at QoS 1, and (3) moves its position (one row,
 * outbox_relay) to the last of those the broker acknowledged in an unbroken prefix. A failure leaves
 * the rest for the next cycle: delivery is at least once, in sequence order, and consumers are idempotent.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long SEQUENCING_LOCK = 0x6d657465726e6574L; // "meternet"
    /** SQL: an outbox row the relay has released (the broker acknowledged it), for checks from outside. */
    public static final String RELEASED = "sequence <= (select published_up_to from outbox_relay where id = 1)";

    private final Pool pool;
    private final MqttClients mqtt;
    private final OutboxConfig config;
    private final Vertx vertx;
    private final AtomicBoolean cycleRunning = new AtomicBoolean();
    private final io.micrometer.core.instrument.Counter released;
    private MqttPublisher publisher;
    private long timer = -1;

    public OutboxRelay(Pool pool, MqttClients mqtt, OutboxConfig config, Vertx vertx,
            io.micrometer.core.instrument.MeterRegistry metrics) {
        this.pool = pool;
        this.mqtt = mqtt;
        this.config = config;
        this.vertx = vertx;
        this.released = metrics.counter("meternet.outbox.published", "source", "outbox");
    }


    void start(@Observes StartupEvent ev) {
        if (!config.relayEnabled()) {
            return;
        }
        publisher = mqtt.publisher("outbox");
        publisher.start().subscribe().with(ok -> { }, e -> LOG.error("outbox relay cannot start its publisher", e));
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), t -> runCycle());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (publisher != null) {
            publisher.stop();
        }
    }

    private void runCycle() {
        if (!publisher.isConnected() || !cycleRunning.compareAndSet(false, true)) {
            return;
        }
        cycle().subscribe().with(
                released -> {
                    cycleRunning.set(false);
                    if (released >= config.batchSize()) {
                        runCycle(); // more waiting: go on without waiting for the timer
                    }
                },
                failure -> {
                    cycleRunning.set(false);
                    LOG.warnf("outbox relay cycle failed, will retry: %s", failure.toString());
                });
    }

    /** One cycle; the number of events the broker acknowledged. */
    Uni<Integer> cycle() {
        return assignSequences().chain(this::unpublished).chain(this::publishInOrder);
    }

    private Uni<Void> assignSequences() {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1) as locked")
                .execute(Tuple.of(SEQUENCING_LOCK))
                .chain(rs -> {
                    if (!rs.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().voidItem();
                    }
                    return conn.preparedQuery("""
                            with base as (select coalesce(max(sequence), 0) as top from outbox),
                                 batch as (select id, row_number() over (order by id) as n
                                           from outbox where sequence is null order by id limit $1)
                            update outbox o set sequence = base.top + batch.n
                            from batch, base where o.id = batch.id""")
                            .execute(Tuple.of(config.batchSize())).replaceWithVoid();
                }));
    }

    /** An event ready for the wire. */
    record Pending(long sequence, String topic, byte[] payload) {
    }

    private Uni<List<Pending>> unpublished(Void ignored) {
        return pool.preparedQuery(OutboxRows.SELECT
                        + "where sequence > (select published_up_to from outbox_relay where id = 1) order by sequence limit $1")
                .execute(Tuple.of(config.batchSize()))
                .map(rows -> {
                    List<Pending> events = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        events.add(new Pending(r.getLong("sequence"), Topics.event(r.getString("source"), r.getString("type")),
                                OutboxRows.wireBytes(r)));
                    }
                    return events;
                });
    }

    private Uni<Integer> publishInOrder(List<Pending> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // Pipelined on one connection: the broker keeps their order. Only the acknowledged prefix
        // counts as released; anything after a failure is sent again next cycle.
        List<Uni<Boolean>> sends = events.stream()
                .map(e -> publisher.publish(e.topic(), e.payload())
                        .replaceWith(true)
                        .onFailure().recoverWithItem(false))
                .toList();
        return Uni.join().all(sends).andFailFast().chain(oks -> {
            int prefix = 0;
            while (prefix < oks.size() && oks.get(prefix)) {
                prefix++;
            }
            return markPublished(events, prefix);
        });
    }

    private Uni<Integer> markPublished(List<Pending> events, int ackedPrefix) {
        if (ackedPrefix == 0) {
            return Uni.createFrom().failure(new IllegalStateException("the broker acknowledged none of "
                    + events.size() + " event(s)"));
        }
        long upTo = events.get(ackedPrefix - 1).sequence();
        long from = events.get(0).sequence();
        return pool.preparedQuery("update outbox_relay set published_up_to = $1 where id = 1 and published_up_to < $1")
                .execute(Tuple.of(upTo))
                .invoke(() -> {
                    released.increment(ackedPrefix);
                    LOG.debugf("released events %d..%d to the broker", from, upTo);
                })
                .replaceWith(ackedPrefix);
    }
}
