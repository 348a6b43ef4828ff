package org.meternet.platform.batch;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Items queued as they come and written a batch at a time on a timer, so that writing them adds no database round
 * trip to the work that produced them. One batch is written at a time; a batch that fails is kept for the next try.
 * What is queued is lost if the process dies before it is written: only for what may be lost (progress, audit
 * entries written again by nobody).
 */
public final class WriteBehind<T> {
    private static final Logger LOG = Logger.getLogger(WriteBehind.class);

    private final Vertx vertx;
    private final String what;
    private final Duration interval;
    private final int maxBatch;
    private final Function<List<T>, Uni<Void>> writer;
    private final Queue<T> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean flushing;
    private long timer = -1;

    /** @param what the items, as a log line names them ("audit entries") */
    public WriteBehind(Vertx vertx, String what, Duration interval, int maxBatch, Function<List<T>, Uni<Void>> writer) {
        this.vertx = vertx;
        this.what = what;
        this.interval = interval;
        this.maxBatch = maxBatch;
        this.writer = writer;
    }

    public void start() {
        timer = vertx.setPeriodic(interval.toMillis(), t -> flush().subscribe().with(x -> { }, e -> { }));
    }

    /** Stops the timer and writes what is left. */
    public void stop() {
        vertx.cancelTimer(timer);
        flush().await().atMost(Duration.ofSeconds(5));
    }

    public void add(T item) {
        pending.add(item);
    }

    /** Writes what is queued (up to a batch); answers when it is written. */
    public Uni<Void> flush() {
        if (flushing || pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        flushing = true;
        List<T> batch = new ArrayList<>();
        for (T item; batch.size() < maxBatch && (item = pending.poll()) != null;) {
            batch.add(item);
        }
        return Uni.createFrom().deferred(() -> writer.apply(batch))
                .onFailure().invoke(err -> {
                    LOG.warnf("%d %s not written yet, kept for the next try: %s", batch.size(), what, err.toString());
                    pending.addAll(batch);
                })
                .eventually(() -> flushing = false);
    }
}
