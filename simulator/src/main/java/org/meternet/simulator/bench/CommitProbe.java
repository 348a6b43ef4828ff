package org.meternet.simulator.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publish-to-commit latency of hub readings: the readings expected (message id and due time, nanoTime) go to a few
 * probe meters, whose rows in messaging-service's database are polled every {@code pollMillis}; a reading's latency is
 * from its due time to the poll that first sees it committed. A lost connection (PostgreSQL restarted) is opened again;
 * a reading not seen within {@code expireAfter} is given up (counted, no latency).
 */
final class CommitProbe implements AutoCloseable {
    /** Hears each reading seen committed: its due time (nanoTime) and its latency in ms. */
    @FunctionalInterface
    interface Seen {
        void committed(long dueNanos, double latencyMs);
    }

    private final String jdbcUrl;
    private final String[] devices;
    private final String messagePrefix;
    private final long pollMillis;
    private final long expireNanos;
    private final Seen seen;
    private final Map<String, Long> due = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<Double> pollMs = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Thread poller;

    CommitProbe(String jdbcUrl, String[] devices, String messagePrefix, long pollMillis, java.time.Duration expireAfter, Seen seen) {
        this.jdbcUrl = jdbcUrl;
        this.devices = devices;
        this.messagePrefix = messagePrefix;
        this.pollMillis = pollMillis;
        this.expireNanos = expireAfter.toNanos();
        this.seen = seen;
        this.poller = new Thread(this::run, "probe-poller");
    }

    /** Starts polling and returns once the first poll answered (its connection and first query are not the platform's latency). */
    CommitProbe start() throws InterruptedException {
        poller.start();
        ready.await(30, TimeUnit.SECONDS);
        return this;
    }

    void expect(String messageId, long dueNanos) {
        due.put(messageId, dueNanos);
    }

    /** Readings expected and not seen yet. */
    int outstanding() {
        return due.size();
    }

    long expired() {
        return expired.get();
    }

    /** What the polls cost: how many, median and p99 ms, the first ones. */
    String pollStats() {
        synchronized (pollMs) {
            return String.format("%d queries, median %.1f ms, p99 %.1f ms, first ones %s%s", pollMs.size(), Stats.median(pollMs),
                    Stats.percentile(pollMs.stream().mapToDouble(Double::doubleValue).toArray(), 99),
                    pollMs.subList(0, Math.min(12, pollMs.size())).stream().map(d -> String.format("%.0f", d)).toList(),
                    reconnects.get() > 0 ? ", " + reconnects.get() + " reconnection(s)" : "");
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        poller.join();
    }

    private void run() {
        Instant from = Instant.now().minusSeconds(1);
        while (stop.getCount() > 0) {
            try (Connection c = DriverManager.getConnection(jdbcUrl);
                    PreparedStatement s = c.prepareStatement("select message_id from reading where device_id = any(?) "
                            + "and device_time >= ? and message_id like ?")) {
                // one plan for every poll: a plan made for the first literal times can scan far more than it
                // needs (seen: 200-400 ms a poll for the first ten), and the poller would then be the load
                try (var set = c.createStatement()) {
                    set.execute("set plan_cache_mode = force_generic_plan");
                    // and no JIT compilation or parallel workers for a query that reads a few rows (seen: 40 ms of JIT a poll)
                    set.execute("set jit = off");
                    set.execute("set max_parallel_workers_per_gather = 0");
                }
                s.setArray(1, c.createArrayOf("text", devices));
                s.setString(3, messagePrefix + "%");
                while (stop.getCount() > 0) {
                    s.setTimestamp(2, Timestamp.from(from));
                    long seenAt;
                    List<String> ids = new ArrayList<>();
                    long asked = System.nanoTime();
                    try (ResultSet rs = s.executeQuery()) {
                        seenAt = System.nanoTime();
                        pollMs.add((seenAt - asked) / 1e6);
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                    ready.countDown();
                    for (String id : ids) {
                        Long d = due.remove(id);
                        if (d != null) {
                            seen.committed(d, (seenAt - d) / 1e6);
                        }
                    }
                    long now = System.nanoTime();
                    due.values().removeIf(d -> now - d > expireNanos && expired.incrementAndGet() > 0);
                    // only readings not yet seen matter: start the next scan near the oldest outstanding one
                    long oldest = due.values().stream().mapToLong(Long::longValue).min().orElse(now);
                    from = Instant.now().minusMillis(Math.max(200, (now - oldest) / 1_000_000 + 200));
                    stop.await(pollMillis, TimeUnit.MILLISECONDS);
                }
            } catch (SQLException e) {
                // the database went away (restarted): try again in a second, the readings stay expected
                reconnects.incrementAndGet();
                try {
                    stop.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
