package org.meternet.simulator.bench;

import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.simulator.Api;
import org.meternet.simulator.Endpoints;
import org.meternet.simulator.load.Fleet;
import org.meternet.simulator.load.HubLoad;

/**
 * bench ingest: hubs' register reads at QoS 1 through the platform broker into messaging-service
 * and PostgreSQL. Measures, in one run: the raw broker pass-through (publisher -> broker -> a
 * subscriber that only acknowledges) as the baseline; the sustained end-to-end rate (published ->
 * committed); publish-to-commit latency at 5,000/s; then checks every acknowledged reading is stored
 * exactly once.
 */
public final class IngestBench {
    /** messaging-service's count of readings committed: incremented after each batch's commit. */
    static final String STORED = "meternet_hub_messages_total";
    static final int CONNECTIONS = 4;
    static final int WINDOW = 250;
    static final int PROBE_EVERY = 10;
    static final int PROBE_DEVICES = 100;
    static final int MAX_BACKLOG = 20_000;

    private final Endpoints endpoints;
    private final String installationUrl;
    private final String messagingUrl;
    private final String messagingJdbc;
    private final boolean quick;
    private final String run = "b" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Double> heapSamples = new ArrayList<>();
    private Fleet fleet;
    private double pubackP50;
    private double pubackP99;

    public IngestBench(Endpoints endpoints, String installationUrl, String messagingUrl, String messagingJdbc, boolean quick) {
        this.endpoints = endpoints;
        this.installationUrl = installationUrl;
        this.messagingUrl = messagingUrl;
        this.messagingJdbc = messagingJdbc;
        this.quick = quick;
    }

    public int run() throws Exception {
        int homes = quick ? 500 : 5_000;
        int sustainSeconds = quick ? 15 : 120;
        int latencySeconds = quick ? 10 : 60;
        int latencyRate = 5_000;
        long baselineMessages = quick ? 100_000 : 400_000;
        MqttEndpoint broker = MqttEndpoint.plain(endpoints.brokerHost(), endpoints.brokerPort(), "meternet-harness", "dev-meternet-harness");
        System.out.println("bench ingest" + (quick ? " (quick)" : ""));
        System.out.println("  machine: " + Machine.here());
        System.out.printf("  setup: %,d homes (hub + electricity meter) commissioned through installation-service; register reads%n"
                + "         (~190-byte JSON) published at QoS 1 over %d connections (window %d each) to the platform broker%n"
                + "         %s:%d (password listener: the load generator publishes for many hubs, as a concentrator would;%n"
                + "         hubs use the TLS listener, whose handshakes are not what is measured); messaging-service %s%n"
                + "         commits each batch to PostgreSQL before acknowledging; broker, database, service and generator share the machine%n",
                homes, CONNECTIONS, WINDOW, broker.host(), broker.port(), messagingUrl);

        long serial = System.currentTimeMillis() % 100_000_000L * 10_000;
        fleet = Fleet.of(homes, serial).install(installationUrl, new Api(endpoints).devToken("bright-energy-api"))
                .awaitProjection(messagingJdbc, Duration.ofMinutes(3));
        System.out.printf("  %,d meters commissioned and known to messaging-service%n", homes);

        try (BrokerStats brokerStats = new BrokerStats(broker, "ingest-stats-" + run).start();
                HubLoad load = new HubLoad(broker, CONNECTIONS, WINDOW, "bench-" + run).start()) {
            // warm-up, not counted: the JIT of the service and of this generator, at the rate measured next
            // the warm-up runs the measuring code too (probes, poller), so that its first use is not counted either
            System.out.printf("    warm-up, not counted:%n");
            latency(load, 0, latencyRate, quick ? 10 : 30);

            long latencyFirst = 10_000_000L;
            double[] latencies = latency(load, latencyFirst, latencyRate, latencySeconds);

            long beforeBaseline = load.acknowledgedCount();
            List<Double> baselines = new ArrayList<>();
            for (int round = 1; round <= (quick ? 1 : 3); round++) {
                baselines.add(baseline(load, broker, baselineMessages, round));
                System.out.printf("  baseline round %d: the broker passed %,.0f messages/s from the publishers to a subscriber "
                        + "that only acknowledges%n", round, baselines.get(baselines.size() - 1));
            }
            double baseline = Stats.median(baselines);
            long baselineAcknowledged = load.acknowledgedCount() - beforeBaseline;

            long first = 50_000_000L;
            SustainedRun sustained = sustained(load, first, sustainSeconds);
            System.out.printf("  sustained: %,d readings published in %.0f s, at most %,d ahead of the commits; all committed after "
                    + "%.1f s: %,.0f readings/s published -> committed%n", sustained.published, sustained.publishSeconds,
                    MAX_BACKLOG, sustained.totalSeconds, sustained.rate());

            long[] check = verify();
            long published = load.acknowledgedCount() - baselineAcknowledged;
            long lost = Math.max(0, published - check[1]);
            long duplicated = check[0] - check[1];
            if (!brokerStats.heard()) {
                throw new IllegalStateException("the broker's $SYS figures were never heard: cannot tell whether it dropped messages");
            }
            long dropped = brokerStats.dropped();
            double ratio = sustained.rate() / baseline;
            double p50 = Stats.percentile(latencies, 50);
            double p95 = Stats.percentile(latencies, 95);
            double p99 = Stats.percentile(latencies, 99);
            double heapMax = heapSamples.stream().mapToDouble(Double::doubleValue).max().orElse(0) / 1_048_576;
            double heapMin = heapSamples.stream().mapToDouble(Double::doubleValue).min().orElse(0) / 1_048_576;
            System.out.println();
            System.out.println("  | measure                                                   | value          |");
            System.out.println("  |-----------------------------------------------------------|----------------|");
            System.out.printf("  | sustained readings/s, published -> committed (%3d s)       | %,14.0f |%n", sustainSeconds, sustained.rate());
            System.out.printf("  | baseline: broker pass-through messages/s (median of %d)    | %,14.0f |%n", baselines.size(), baseline);
            System.out.printf("  | ratio sustained / baseline                                | %14.2f |%n", ratio);
            System.out.printf("  | at %,d/s for %d s: publish-to-commit p50 / p95 / p99 ms  | %4.0f / %3.0f / %3.0f |%n", latencyRate,
                    latencySeconds, p50, p95, p99);
            System.out.printf("  | of which publish -> PUBACK from the broker p50 / p99 ms    | %5.0f / %5.0f |%n", pubackP50, pubackP99);
            System.out.printf("  | latency samples (1 in %d readings, polled every 10 ms)    | %,14d |%n", PROBE_EVERY, latencies.length);
            System.out.printf("  | acknowledged by the broker / stored / lost / duplicated   | %,d / %,d / %d / %d |%n", published,
                    check[1], lost, duplicated);
            System.out.printf("  | dead letters during the run                               | %,14d |%n", check[2]);
            System.out.printf("  | messages the broker dropped during the run ($SYS)         | %,14d |%n", dropped);
            System.out.printf("  | messaging-service heap used, min / max MB (1 s samples)   | %,6.0f / %,5.0f |%n", heapMin, heapMax);
            System.out.println("  targets (issue 4): >= 10,000 readings/s sustained for 2 minutes; >= 0.6 of the baseline; p99 < 250 ms at 5,000/s;");
            System.out.println("                    zero lost, zero duplicated");
            System.out.printf(Locale.ROOT, "RESULT ingest throughput_per_s=%.0f baseline_per_s=%.0f ratio=%.2f p99_ms_at_5000=%.0f lost=%d "
                    + "duplicated=%d broker_dropped=%d p50_ms_at_5000=%.0f sustained_s=%d published=%d dead_letters=%d heap_max_mb=%.0f homes=%d%n",
                    sustained.rate(), baseline, ratio, p99, lost, duplicated, dropped, p50, sustainSeconds, published, check[2], heapMax, homes);
            if (lost > 0 || duplicated > 0 || dropped > 0) {
                System.out.printf("  FAILED: %d readings lost, %d duplicated, %d messages dropped by the broker%n", lost, duplicated, dropped);
                return 1;
            }
        }
        return 0;
    }

    private HubLoad.Message reading(long seq) {
        Fleet.Home h = seq % PROBE_EVERY == 0 ? fleet.home(seq / PROBE_EVERY % PROBE_DEVICES) : fleet.home(seq);
        String json = "{\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"" + run + "-" + seq + "\",\"deviceId\":\""
                + h.meter() + "\",\"deviceTime\":\"" + Instant.now() + "\",\"importWh\":" + (1_000_000 + seq % 1_000_000)
                + ",\"exportWh\":0}";
        return new HubLoad.Message(h.readingsTopic(), json.getBytes(StandardCharsets.UTF_8));
    }

    record SustainedRun(long published, double publishSeconds, double totalSeconds) {
        double rate() {
            return published / totalSeconds;
        }
    }

    /**
     * As fast as the pipeline commits, for the given time: publishing pauses while more than
     * MAX_BACKLOG readings wait to be committed, so what is measured is a rate the platform keeps
     * up, not a queue filling in the broker. The rate counts until the last reading is committed.
     */
    private SustainedRun sustained(HubLoad load, long first, int seconds) throws Exception {
        double before = stored();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        AtomicLong committed = new AtomicLong();
        long ackedBefore = load.acknowledgedCount();
        List<Long> backlogs = new ArrayList<>();
        // a watcher reads the commits every 50 ms; the publishers wait while the backlog is full
        Thread watcher = new Thread(() -> {
            Progress progress = new Progress("sustained phase, seconds", seconds);
            try {
                while (System.nanoTime() < deadline) {
                    committed.set((long) (stored() - before));
                    backlogs.add(load.acknowledgedCount() - ackedBefore - committed.get());
                    progress.update((System.nanoTime() - start) / 1_000_000_000L);
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                System.err.println("    commit watcher failed: " + e);
            }
        }, "commit-watcher");
        watcher.start();
        HubLoad.Outcome out = load.send(first, Long.MAX_VALUE / 4, 0, this::reading, Duration.ofMinutes(2), HubLoad.SendListener.NONE,
                () -> {
                    while (load.acknowledgedCount() - ackedBefore - committed.get() > MAX_BACKLOG) {
                        if (System.nanoTime() > deadline) {
                            return false;
                        }
                        Thread.sleep(1);
                    }
                    return System.nanoTime() < deadline;
                });
        watcher.join();
        long sent = out.acknowledged();
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        awaitStored(before + sent, "sustained phase");
        long full = backlogs.stream().filter(b -> b >= MAX_BACKLOG * 9 / 10).count();
        System.out.printf("    backlog (published, not yet committed): median %,.0f, full (>= 90%% of %,d) in %d of %d samples%n",
                Stats.median(backlogs.stream().map(Long::doubleValue).toList()), MAX_BACKLOG, full, backlogs.size());
        return new SustainedRun(sent, publishSeconds, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Paced at {@code rate}/s (open loop: a reading's latency counts from its due time). Every
     * PROBE_EVERY-th reading goes to one of a few probe meters, whose rows are polled every 10 ms
     * ({@link CommitProbe}); a reading's latency is from its due time to the poll that first sees it committed.
     */
    private double[] latency(HubLoad load, long first, int rate, int seconds) throws Exception {
        ConcurrentLinkedQueue<double[]> latencies = new ConcurrentLinkedQueue<>();
        String[] probes = new String[PROBE_DEVICES];
        for (int i = 0; i < PROBE_DEVICES; i++) {
            probes[i] = fleet.home(i).meter().value();
        }
        CommitProbe probe = new CommitProbe(messagingJdbc, probes, run + "-", 10, Duration.ofMinutes(5),
                (due, ms) -> latencies.add(new double[] {due, ms})).start();
        Map<Long, Long> dueBySeq = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<double[]> pubacks = new ConcurrentLinkedQueue<>();
        load.onAcknowledged((seq, at) -> {
            Long due = dueBySeq.remove(seq);
            if (due != null) {
                pubacks.add(new double[] {due, (at - due) / 1e6});
            }
        });
        double before = stored();
        long total = (long) rate * seconds;
        System.out.printf("    latency phase: %,d readings at %,d/s%n", total, rate);
        HubLoad.Outcome out = load.send(first, total, rate, this::reading, Duration.ofMinutes(2), (seq, due) -> {
            if (seq % PROBE_EVERY == 0) {
                dueBySeq.put(seq, due);
                probe.expect(run + "-" + seq, due);
            }
        });
        awaitStored(before + out.acknowledged(), "latency phase");
        load.onAcknowledged(HubLoad.SendListener.NONE);
        double[] ack = pubacks.stream().mapToDouble(l -> l[1]).toArray();
        pubackP99 = Stats.percentile(ack, 99);
        pubackP50 = Stats.percentile(ack, 50);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (probe.outstanding() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        probe.close();
        System.out.println("    probe poller: " + probe.pollStats());
        if (probe.outstanding() > 0) {
            System.out.printf("    %d probe reading(s) never seen committed%n", probe.outstanding());
        }
        // the phase in ten slices: a spike shows when it happened
        long phaseStart = latencies.stream().mapToLong(l -> (long) l[0]).min().orElse(0);
        int slice = Math.max(1, seconds / 10);
        java.util.TreeMap<Long, List<Double>> slices = new java.util.TreeMap<>();
        latencies.forEach(l -> slices.computeIfAbsent(((long) l[0] - phaseStart) / (slice * 1_000_000_000L), k -> new ArrayList<>()).add(l[1]));
        slices.forEach((n, values) -> System.out.printf("    %3d-%3d s: p50 %4.0f ms, p99 %4.0f ms, max %4.0f ms (%d samples)%n",
                n * slice, n * slice + slice, Stats.median(values), Stats.percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 99),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0), values.size()));
        return latencies.stream().mapToDouble(l -> l[1]).toArray();
    }

    /** Publisher -> broker -> a subscriber that only acknowledges, same connections and payloads. */
    private double baseline(HubLoad load, MqttEndpoint broker, long count, int round) throws Exception {
        Vertx vertx = Vertx.vertx();
        AtomicLong received = new AtomicLong();
        AtomicLong lastReceived = new AtomicLong();
        String prefix = "meternet/v1/baseline/" + run + "-" + round + "/";
        MqttClientOptions options = new MqttClientOptions().setClientId("baseline-" + run + "-" + round).setCleanSession(true)
                .setMaxMessageSize(MqttEndpoint.MAX_PACKET_BYTES);
        options.setUsername(broker.username().orElseThrow());
        options.setPassword(broker.password().orElseThrow());
        options.setAutoAck(true);
        MqttClient sub = MqttClient.create(vertx, options);
        sub.publishHandler(m -> {
            received.incrementAndGet();
            lastReceived.set(System.nanoTime());
        });
        sub.connect(broker.port(), broker.host()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sub.subscribe(prefix + "#", 1).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            long start = System.nanoTime();
            load.send(20_000_000L + round * 5_000_000L, count, 0, seq -> {
                HubLoad.Message m = reading(seq);
                return new HubLoad.Message(prefix + m.topic(), m.payload());
            }, Duration.ofMinutes(2), HubLoad.SendListener.NONE);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (received.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (received.get() < count) {
                System.out.printf("    the baseline subscriber received %,d of %,d%n", received.get(), count);
            }
            return received.get() / ((lastReceived.get() - start) / 1e9);
        } finally {
            sub.disconnect();
            vertx.close();
        }
    }

    private void awaitStored(double target, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        double now;
        Progress progress = new Progress(what + ": readings committed (total)", (long) target);
        while ((now = stored()) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": only " + (long) now + " of " + (long) target + " readings committed in 5 minutes");
            }
            progress.update((long) now);
            Thread.sleep(100);
        }
    }

    private long lastHeapSample;

    /** messaging-service's count of readings committed, from its metrics; samples its heap on the way. */
    private double stored() throws Exception {
        String body = Metrics.read(http, "messaging-service", messagingUrl);
        if (System.nanoTime() - lastHeapSample > 1_000_000_000L) {
            lastHeapSample = System.nanoTime();
            heapSamples.add(Metrics.sum(body, "jvm_memory_used_bytes", "area=\"heap\""));
        }
        return Metrics.sum(body, STORED, "outcome=\"stored\"");
    }

    /** {rows, distinct messages, dead letters} of this run. */
    private long[] verify() throws Exception {
        try (Connection c = DriverManager.getConnection(messagingJdbc);
                PreparedStatement s = c.prepareStatement("select count(*), count(distinct message_id) from reading where message_id like ?");
                PreparedStatement d = c.prepareStatement("select count(*) from dead_letter where topic like ? and received_at > now() - interval '1 hour'")) {
            s.setString(1, run + "-%");
            d.setString(1, "meternet/v1/hubs/00-DB-C1-%");
            long[] out = new long[3];
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                out[0] = rs.getLong(1);
                out[1] = rs.getLong(2);
            }
            try (ResultSet rs = d.executeQuery()) {
                rs.next();
                out[2] = rs.getLong(1);
            }
            return out;
        }
    }
}
