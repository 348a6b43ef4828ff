package org.meternet.simulator.bench;

import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.simulator.Api;
import org.meternet.simulator.Endpoints;
import org.meternet.simulator.load.Fleet;
import org.meternet.simulator.load.HubLoad;
import org.meternet.simulator.load.HubResponder;
import org.meternet.simulator.load.InstallationBodies;

/**
 * bench soak: the whole platform under its everyday load for N minutes while faults are injected (see
 * {@link FaultSchedule}): installations through installation-service, hub readings at QoS 1 through the platform
 * broker into messaging-service, service requests through meter-gateway to hubs played by one MQTT client, report
 * queries to reporting-service, all at once. A row a minute (throughput, errors, p50/p99, each service's heap, live set,
 * RSS and Pss, the broker's RSS and dropped messages) goes to var/soak/RUN/soak.csv and a line to stdout; charts are
 * drawn at the end. Then every reading the broker acknowledged is looked up (stored exactly once), every event
 * installation-service committed to its outbox since the start is looked up in its three followers, and the heap
 * slope (least squares over the minutes after the warm-up) is computed per service.
 */
public final class SoakBench {
    static final int READINGS_PER_S = 5_000;
    static final int SERVICE_REQUESTS_PER_S = 200;
    static final int INSTALLATIONS_PER_S = 20;
    static final int REPORTS_PER_S = 5;
    static final int HOMES = 5_000;
    /** Meters the service requests go to (known to the gateway's projection before the load starts). */
    static final int REQUEST_METERS = 100;
    static final int CONNECTIONS = 4;
    static final int WINDOW = 250;
    /** One reading in PUBACK_SAMPLE has its publish-to-PUBACK latency taken; one in PROBE_EVERY its publish-to-commit. */
    static final int PUBACK_SAMPLE = 10;
    static final int PROBE_EVERY = 50;
    static final int PROBE_DEVICES = 100;
    /** A count that does not move for this long ends the run, named. */
    static final Duration STALL = Duration.ofMinutes(2);
    static final long SAMPLE_MILLIS = 10_000;
    /** installation-service's events and their followers: database and consumer name in processed_event. */
    static final Map<String, String> FOLLOWERS = new LinkedHashMap<>();

    static {
        FOLLOWERS.put("meternet_messaging", "messaging.device-projection");
        FOLLOWERS.put("meternet_gateway", "gateway.device-projection");
        FOLLOWERS.put("meternet_reporting", "reporting.rollout");
    }

    private final Endpoints endpoints;
    private final Map<String, String> services;
    private final String jdbcBase;
    private final Path var;
    private final Path launcher;
    private final int minutes;
    private final String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    private final String prefix = "soak" + runId.replace("-", "") + "-";
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile String phase = "setting up";
    private Fleet fleet;
    private Instant loadStart;

    /**
     * @param services service name to API address: installation-service, messaging-service, reporting-service, meter-gateway
     * @param jdbcBase e.g. jdbc:postgresql://127.0.0.1:5432/ (the database name and ?user=postgres are added)
     * @param var the launcher's state directory (pid files in var/run, the run's files in var/soak/RUN)
     * @param launcher bin/meternet, which injects the faults
     */
    public SoakBench(Endpoints endpoints, Map<String, String> services, String jdbcBase, Path var, Path launcher, int minutes) {
        if (minutes < 2) {
            throw new IllegalArgumentException("a soak needs at least 2 minutes (a warm-up and one measured), not " + minutes);
        }
        this.endpoints = endpoints;
        this.services = services;
        this.jdbcBase = jdbcBase;
        this.var = var;
        this.launcher = launcher;
        this.minutes = minutes;
    }

    public int run() throws Exception {
        FaultSchedule schedule = FaultSchedule.forRun(minutes);
        Path dir = var.resolve("soak").resolve(runId);
        System.out.println("bench soak (" + minutes + " minutes)");
        System.out.println("  machine: " + Machine.here());
        System.out.printf("  load, all at once for the whole run: readings at %,d/s (QoS 1, %d connections, window %d) from %,d homes"
                + " through the%n         platform broker into messaging-service; service requests (SRV 4.1.1) at %d/s through "
                + "meter-gateway, answered by one%n         MQTT client playing the hubs; installations (hub, meter, display) at %d/s "
                + "through installation-service;%n         report queries at %d/s to reporting-service (its %d reports in turn). "
                + "Minute 0 is a warm-up, left out of the slopes.%n", READINGS_PER_S, CONNECTIONS, WINDOW, HOMES,
                SERVICE_REQUESTS_PER_S, INSTALLATIONS_PER_S, REPORTS_PER_S, ReportsBench.REPORTS.size());
        System.out.printf("  faults (every %d minutes from minute %d): %s%n", schedule.every(), schedule.first(), schedule);
        System.out.println("  run: " + dir);
        Thread watchdog = watchdog(Duration.ofMinutes(minutes + 30L));

        Api api = new Api(endpoints);
        MqttEndpoint broker = MqttEndpoint.plain(endpoints.brokerHost(), endpoints.brokerPort(), "meternet-harness", "dev-meternet-harness");
        long outboxFrom = scalar("meternet_installation", "select coalesce(max(id), 0) from outbox");
        try (Tokens supplier = new Tokens(api, "bright-energy-api"); Tokens operator = new Tokens(api, "meternet-ops-api")) {
            phase = "installing the fleet";
            long serial = System.currentTimeMillis() % 100_000_000L * 10_000;
            fleet = Fleet.of(HOMES, serial).install(services.get("installation-service"), supplier.get())
                    .awaitProjection(jdbc("meternet_messaging"), Duration.ofMinutes(3))
                    .awaitProjection("meter-gateway", jdbc("meternet_gateway"), REQUEST_METERS, Duration.ofMinutes(3));
            System.out.printf("  %,d homes commissioned, known to messaging-service; %d of their meters known to meter-gateway%n", HOMES,
                    REQUEST_METERS);

            try (HubResponder hubs = new HubResponder(broker, "soak-" + runId + "-hubs", true).start();
                    BrokerStats brokerStats = new BrokerStats(broker, "soak-" + runId + "-sys").start();
                    HubLoad load = new HubLoad(broker, CONNECTIONS, WINDOW, "soak-" + runId).start();
                    SoakRecorder recorder = new SoakRecorder(dir)) {
                return soak(schedule, dir, supplier, operator, hubs, brokerStats, load, recorder, outboxFrom);
            }
        } finally {
            watchdog.interrupt();
        }
    }

    private int soak(FaultSchedule schedule, Path dir, Tokens supplier, Tokens operator, HubResponder hubs, BrokerStats brokerStats,
            HubLoad load, SoakRecorder recorder, long outboxFrom) throws Exception {
        SoakSampler sampler = new SoakSampler(services, var.resolve("run"));
        sampler.sample(); // the baselines: counters before the load
        sampler.drain();
        Map<String, MinuteWindow> windows = new LinkedHashMap<>();
        SoakMinute.STREAMS.forEach(s -> windows.put(s, new MinuteWindow()));
        String[] probes = new String[PROBE_DEVICES];
        for (int i = 0; i < PROBE_DEVICES; i++) {
            probes[i] = fleet.home(i).meter().value();
        }
        MinuteWindow commits = windows.get("commits");
        CommitProbe probe = new CommitProbe(jdbc("meternet_messaging"), probes, prefix, 20, Duration.ofMinutes(5),
                (due, ms) -> commits.latency(ms)).start();
        List<Thread> loads = new ArrayList<>();
        int seconds = minutes * 60;
        phase = "the load";
        loadStart = Instant.now();
        long t0 = System.nanoTime();
        loads.add(readings(load, windows.get("readings"), probe, seconds));
        String gateway = services.get("meter-gateway");
        loads.add(requests("service requests", SERVICE_REQUESTS_PER_S, seconds, 200, windows.get("service_requests"),
                (client, n) -> new OpenLoop.Call(client.post(port(gateway), host(gateway), "/api/v1/service-requests")
                        .putHeader("Authorization", "Bearer " + supplier.get()).putHeader("Content-Type", "application/json"),
                        Buffer.buffer("{\"srv\":\"4.1.1\",\"deviceId\":\"" + fleet.home(n % REQUEST_METERS).meter() + "\"}"))));
        String installation = services.get("installation-service");
        InstallationBodies bodies = new InstallationBodies(0xD1, 13);
        long firstInstallation = System.currentTimeMillis() % 100_000_000L * 1000;
        loads.add(requests("installations", INSTALLATIONS_PER_S, seconds, 201, windows.get("installations"),
                (client, n) -> new OpenLoop.Call(client.post(port(installation), host(installation), "/api/v1/installations")
                        .putHeader("Authorization", "Bearer " + supplier.get()).putHeader("Content-Type", "application/json"),
                        Buffer.buffer(bodies.json(firstInstallation + n)))));
        String reporting = services.get("reporting-service");
        List<String> reports = List.copyOf(ReportsBench.REPORTS.values());
        loads.add(requests("report queries", REPORTS_PER_S, seconds, 200, windows.get("reports"),
                (client, n) -> new OpenLoop.Call(client.get(port(reporting), host(reporting), reports.get(n % reports.size()))
                        .putHeader("Authorization", "Bearer " + operator.get()), null)));

        Map<String, LongSupplier> watched = new LinkedHashMap<>();
        watched.put("readings acknowledged by the platform broker", load::acknowledgedCount);
        watched.put("readings committed by messaging-service", sampler::committed);
        watched.put("service requests answered (I0) through meter-gateway", windows.get("service_requests")::total);
        watched.put("installations registered by installation-service", windows.get("installations")::total);
        watched.put("report queries answered by reporting-service", windows.get("reports")::total);
        Map<String, Progress> watches = new LinkedHashMap<>();
        watched.keySet().forEach(w -> watches.put(w, Progress.watch(w, STALL)));

        ExecutorService faultRunner = Executors.newSingleThreadExecutor(r -> new Thread(r, "soak-faults"));
        AtomicInteger faultsDone = new AtomicInteger();
        List<SoakMinute> rows = new ArrayList<>();
        long committedBefore = 0;
        long droppedBefore = 0;
        long probesExpiredBefore = 0;
        try {
            for (int k = 0; k < minutes; k++) {
                long minuteEnd = t0 + (k + 1) * 60_000_000_000L;
                String fault = "";
                var f = schedule.at(k);
                if (f.isPresent()) {
                    FaultSchedule.Kind kind = f.get().kind();
                    fault = kind.tag();
                    int minute = k;
                    faultRunner.submit(() -> {
                        try {
                            System.out.printf("    minute %d: fault: %s%n", minute, kind.label);
                            double took = new SoakFaults(launcher).inject(kind);
                            faultsDone.incrementAndGet();
                            System.out.printf("    minute %d: %s done, back in %.0f s%n", minute, kind.label, took);
                        } catch (Exception e) {
                            failure.compareAndSet(null, new IllegalStateException("fault at minute " + minute + " (" + kind.label + "): "
                                    + e.getMessage(), e));
                        }
                    });
                }
                while (System.nanoTime() < minuteEnd) {
                    long next = Math.min(minuteEnd, System.nanoTime() + SAMPLE_MILLIS * 1_000_000);
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                    sampler.sample();
                    check(watched, watches, sampler);
                }
                long committed = sampler.committed();
                long dropped = brokerStats.dropped();
                Map<String, SoakMinute.Stream> streams = new LinkedHashMap<>();
                for (String s : SoakMinute.STREAMS) {
                    streams.put(s, windows.get(s).drain());
                }
                SoakMinute.Stream c = streams.get("commits");
                streams.put("commits", new SoakMinute.Stream(committed - committedBefore, probe.expired() - probesExpiredBefore,
                        c.p50Ms(), c.p99Ms()));
                committedBefore = committed;
                probesExpiredBefore = probe.expired();
                SoakMinute row = new SoakMinute(k, k == 0, fault, streams, sampler.drain(), dropped - droppedBefore,
                        brokerStats.takeStoredMax());
                droppedBefore = dropped;
                recorder.record(row);
                rows.add(row);
                System.out.println(line(row, minutes, (t0 + minutes * 60_000_000_000L - System.nanoTime()) / 60e9));
            }
        } catch (Exception e) {
            System.out.println("  the soak stops: " + e.getMessage());
            throw e;
        } finally {
            stopping.set(true);
            faultRunner.shutdown();
            phase = "stopping the load";
            for (Thread t : loads) {
                t.join(Duration.ofMinutes(3).toMillis());
            }
            probe.close();
        }
        if (!faultRunner.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new IllegalStateException("the last fault did not end within 5 minutes after the load");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get().getMessage(), failure.get());
        }

        // what the load left behind, checked
        phase = "waiting for the last readings to be committed";
        settle("readings committed by messaging-service", () -> {
            sampler.sample();
            return sampler.committed();
        });
        phase = "looking up every acknowledged reading";
        long[] readings = verifyReadings(load);
        long lost = readings[0];
        long duplicated = readings[1];
        phase = "looking up installation-service's events in their followers";
        long[] events = verifyEvents(outboxFrom);
        long undelivered = events[1];
        long dropped = brokerStats.dropped();
        System.out.printf("  broker: %s%n", brokerStats.heard() ? String.format("%,d message(s) dropped during the run", dropped)
                : "its dropped count was never heard ($SYS not readable by the harness account?)");

        // heap slopes, worst minute
        List<SoakMinute> measured = rows.stream().filter(r -> !r.warmUp()).toList();
        double[] x = measured.stream().mapToDouble(SoakMinute::minute).toArray();
        double worstSlope = Double.NaN;
        String worstService = "-";
        StringBuilder slopes = new StringBuilder();
        for (String s : services.keySet()) {
            double heap = Slope.perHour(x, measured.stream().mapToDouble(r -> r.memory().get(s).heapMb()).toArray());
            double live = Slope.perHour(x, measured.stream().mapToDouble(r -> r.memory().get(s).liveMb()).toArray());
            double pss = Slope.perHour(x, measured.stream().mapToDouble(r -> r.memory().get(s).pssMb()).toArray());
            slopes.append(String.format(Locale.ROOT, "    %-21s heap used %+8.1f MB/h, live set %+8.1f MB/h, Pss %+8.1f MB/h%n", s, heap,
                    live, pss));
            if (!Double.isNaN(heap) && (Double.isNaN(worstSlope) || heap > worstSlope)) {
                worstSlope = heap;
                worstService = s;
            }
        }
        double worstP99 = 0;
        String worstWhere = "-";
        for (SoakMinute r : measured) {
            for (String s : List.of("commits", "service_requests", "installations", "reports")) {
                double p99 = r.streams().get(s).p99Ms();
                if (p99 > worstP99) {
                    worstP99 = p99;
                    worstWhere = s + " in minute " + r.minute() + (r.fault().isEmpty() ? "" : " (" + r.fault() + ")");
                }
            }
        }
        phase = "drawing the charts";
        List<Path> charts = SoakCharts.draw(dir, rows, schedule.faults());

        long acknowledged = load.acknowledgedCount();
        long requestsOk = rows.stream().mapToLong(r -> r.streams().get("service_requests").done()).sum();
        long requestErrors = rows.stream().mapToLong(r -> r.streams().get("service_requests").errors()).sum();
        long installationsOk = rows.stream().mapToLong(r -> r.streams().get("installations").done()).sum();
        long installationErrors = rows.stream().mapToLong(r -> r.streams().get("installations").errors()).sum();
        long reportsOk = rows.stream().mapToLong(r -> r.streams().get("reports").done()).sum();
        long reportErrors = rows.stream().mapToLong(r -> r.streams().get("reports").errors()).sum();
        System.out.println();
        System.out.println("  heap slopes over minutes 1-" + (minutes - 1) + " (least squares; a killed service starts again from a "
                + "small heap, which pulls its slope down):");
        System.out.print(slopes);
        System.out.printf("  readings: %,d acknowledged by the broker, %d lost, %d duplicated%n", acknowledged, lost, duplicated);
        System.out.printf("  service requests: %,d answered I0, %,d failed; installations: %,d registered, %,d failed; report queries: "
                + "%,d answered, %,d failed%n", requestsOk, requestErrors, installationsOk, installationErrors, reportsOk, reportErrors);
        for (String s : List.of("service_requests", "installations", "reports")) {
            System.out.printf("    %s failed: %s%n", s.replace('_', ' '), windows.get(s).errorsByKind());
        }
        System.out.printf("  installation-service's events since the start: %,d, not applied by every follower: %,d%n", events[0],
                undelivered);
        System.out.printf("  worst minute p99: %.0f ms (%s)%n", worstP99, worstWhere);
        System.out.println("  csv: " + recorder.csv());
        System.out.println("  charts: " + charts.stream().map(p -> p.getFileName().toString()).toList());
        System.out.printf(Locale.ROOT, "RESULT soak minutes=%d lost=%d duplicated=%d faults=%d heap_slope_mb_per_h=%.1f "
                + "worst_minute_p99_ms=%.0f readings=%d service_requests=%d installations=%d events_undelivered=%d broker_dropped=%d "
                + "charts=%s%n", minutes, lost, duplicated, faultsDone.get(), worstSlope, worstP99, acknowledged, requestsOk,
                installationsOk, undelivered, dropped, dir);
        System.out.println("  (worst heap slope: " + worstService + ")");
        return lost > 0 || duplicated > 0 || undelivered > 0 || dropped > 0 || !brokerStats.heard() ? 1 : 0;
    }

    /** Readings at READINGS_PER_S for the run, on a thread of their own; failed sends are sent again (as hubs do) and counted. */
    private Thread readings(HubLoad load, MinuteWindow window, CommitProbe probe, int seconds) {
        Map<Long, Long> dueBySeq = new ConcurrentHashMap<>();
        load.onAcknowledged((seq, at) -> {
            window.done();
            Long due = dueBySeq.remove(seq);
            if (due != null) {
                window.latency((at - due) / 1e6);
            }
        });
        load.onFailed((seq, at) -> window.error());
        return start("soak-readings", () -> load.send(0, (long) READINGS_PER_S * seconds, READINGS_PER_S, this::reading,
                Duration.ofSeconds(seconds).plusMinutes(5), (seq, due) -> {
                    if (seq % PUBACK_SAMPLE == 0) {
                        dueBySeq.put(seq, due);
                    }
                    if (seq % PROBE_EVERY == 0) {
                        probe.expect(prefix + seq, due);
                    }
                }, () -> !stopping.get()));
    }

    /**
     * A register read. Its device time follows from its number, so that a hub's retry repeats it whole (the reading's key
     * is device, message id and device time: a retry with a new time would be stored twice).
     */
    private HubLoad.Message reading(long seq) {
        Fleet.Home h = seq % PROBE_EVERY == 0 ? fleet.home(seq / PROBE_EVERY % PROBE_DEVICES) : fleet.home(seq);
        String json = "{\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"" + prefix + seq + "\",\"deviceId\":\""
                + h.meter() + "\",\"deviceTime\":\"" + loadStart.plusNanos(seq * (1_000_000_000L / READINGS_PER_S))
                + "\",\"importWh\":" + (1_000_000 + seq % 1_000_000) + ",\"exportWh\":0}";
        return new HubLoad.Message(h.readingsTopic(), json.getBytes(StandardCharsets.UTF_8));
    }

    private Thread requests(String what, int perSecond, int seconds, int expected, MinuteWindow window,
            java.util.function.BiFunction<io.vertx.ext.web.client.WebClient, Integer, OpenLoop.Call> request) {
        return start("soak-" + what.replace(' ', '-'), () -> {
            try (OpenLoop loop = new OpenLoop()) {
                loop.stream(perSecond, seconds, expected, request, (slot, ms, why) -> {
                    if (why != null) {
                        window.error(why);
                    } else {
                        window.done(ms);
                    }
                }, stopping::get);
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface Body {
        Object run() throws Exception;
    }

    private Thread start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, new IllegalStateException(name + " failed: " + e, e));
            }
        }, name);
        t.start();
        return t;
    }

    /** Ends the run, naming the count that stopped moving (and the services not answering), or a failure of a load or a fault. */
    private void check(Map<String, LongSupplier> watched, Map<String, Progress> watches, SoakSampler sampler) {
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException(f.getMessage(), f);
        }
        for (Map.Entry<String, LongSupplier> w : watched.entrySet()) {
            try {
                watches.get(w.getKey()).update(w.getValue().getAsLong());
            } catch (IllegalStateException stalled) {
                throw new IllegalStateException(stalled.getMessage() + (sampler.silent().isEmpty() ? ""
                        : "; not answering for their metrics: " + String.join("; ", sampler.silent().values())), stalled);
            }
        }
    }

    /** Waits until a count has stopped moving for 20 s (what was in flight has landed); at most 5 minutes. */
    private void settle(String what, LongSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long last = count.getAsLong();
        long still = System.nanoTime();
        while (System.nanoTime() - still < 20_000_000_000L) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " still moving 5 minutes after the load stopped");
            }
            Thread.sleep(2_000);
            long now = count.getAsLong();
            if (now != last) {
                last = now;
                still = System.nanoTime();
            }
        }
    }

    /**
     * {lost, duplicated}: every reading of this run in messaging-service's database, against the numbers the broker
     * acknowledged. A reading found missing is looked for again while the count of missing ones goes down (the last
     * ones may still be on their way), at most three times.
     */
    private long[] verifyReadings(HubLoad load) throws Exception {
        BitSet acknowledged = load.acknowledgedSet();
        long lost = Long.MAX_VALUE;
        long duplicated = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            BitSet stored = new BitSet();
            duplicated = 0;
            try (Connection c = DriverManager.getConnection(jdbc("meternet_messaging"))) {
                c.setAutoCommit(false); // a cursor: the rows stream rather than fill the memory
                try (PreparedStatement s = c.prepareStatement("select message_id from reading where device_time >= ? and message_id like ?")) {
                    s.setFetchSize(50_000);
                    s.setTimestamp(1, java.sql.Timestamp.from(loadStart.minusSeconds(60)));
                    s.setString(2, prefix + "%");
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            int seq = Integer.parseInt(rs.getString(1).substring(prefix.length()));
                            if (stored.get(seq)) {
                                duplicated++;
                            }
                            stored.set(seq);
                        }
                    }
                }
            }
            BitSet missing = (BitSet) acknowledged.clone();
            missing.andNot(stored);
            long now = missing.cardinality();
            System.out.printf("  readings: %,d acknowledged by the broker, %,d stored (%,d not acknowledged: sends that failed and were "
                    + "never acknowledged), %,d missing, %,d stored twice%n", acknowledged.cardinality(), stored.cardinality(),
                    stored.cardinality() - (acknowledged.cardinality() - now), now, duplicated);
            if (now == 0 || now >= lost) {
                return new long[] {now, duplicated};
            }
            lost = now;
            Thread.sleep(30_000);
        }
        return new long[] {lost, duplicated};
    }

    /**
     * {events, undelivered}: installation-service's events since the start (outbox ids above {@code outboxFrom}), each
     * published, then looked up in the processed_event table of each follower; waits while any is missing and the
     * missing go down, at most a few minutes.
     */
    private long[] verifyEvents(long outboxFrom) throws Exception {
        List<String> ids = new ArrayList<>();
        Progress published = Progress.watch("installation-service's events not yet published by its outbox relay", Duration.ofMinutes(1));
        long unpublished;
        while ((unpublished = scalar("meternet_installation", "select count(*) from outbox where id > " + outboxFrom
                + " and not coalesce(" + org.meternet.platform.outbox.OutboxRelay.RELEASED + ", false)")) > 0) {
            published.update(unpublished);
            Thread.sleep(2_000);
        }
        try (Connection c = DriverManager.getConnection(jdbc("meternet_installation"));
                PreparedStatement s = c.prepareStatement("select event_id::text from outbox where id > ?")) {
            s.setLong(1, outboxFrom);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        Set<String> undelivered = new HashSet<>();
        for (Map.Entry<String, String> f : FOLLOWERS.entrySet()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            Set<String> missing = missing(f.getKey(), f.getValue(), ids);
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5_000);
                missing = missing(f.getKey(), f.getValue(), missing);
            }
            System.out.printf("  installation-service's %,d events since the start: %,d not applied by %s%n", ids.size(), missing.size(),
                    f.getValue());
            undelivered.addAll(missing);
        }
        return new long[] {ids.size(), undelivered.size()};
    }

    /** Of {@code ids}, those {@code consumer} has not recorded in {@code database}'s processed_event. */
    private Set<String> missing(String database, String consumer, java.util.Collection<String> ids) throws Exception {
        Set<String> missing = new HashSet<>();
        List<String> all = new ArrayList<>(ids);
        try (Connection c = DriverManager.getConnection(jdbc(database));
                PreparedStatement s = c.prepareStatement("select e::text from unnest(?::uuid[]) e where not exists "
                        + "(select 1 from processed_event p where p.consumer = ? and p.event_id = e)")) {
            for (int from = 0; from < all.size(); from += 10_000) {
                s.setArray(1, c.createArrayOf("text", all.subList(from, Math.min(all.size(), from + 10_000)).toArray()));
                s.setString(2, consumer);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        missing.add(rs.getString(1));
                    }
                }
            }
        }
        return missing;
    }

    private static String line(SoakMinute r, int minutes, double minutesLeft) {
        Map<String, SoakMinute.Stream> s = r.streams();
        StringBuilder heaps = new StringBuilder();
        for (String p : List.of("installation-service", "messaging-service", "reporting-service", "meter-gateway")) {
            heaps.append(heaps.length() == 0 ? "" : "/").append(mb(r.memory().get(p).heapMb()));
        }
        return String.format(Locale.ROOT, "  minute %2d/%d%s  readings %,.0f/s (%,d failed sends) committed %,.0f/s p99 %s | "
                + "SR %.0f/s p99 %s err %d | inst %.1f/s p99 %s err %d | reports %.1f/s p99 %s err %d | heap MB inst/msg/rep/gw %s | "
                + "broker held max %s, dropped %,d%s | ETA %.0f min",
                r.minute(), minutes, r.warmUp() ? " (warm-up)" : "", s.get("readings").perSecond(), s.get("readings").errors(),
                s.get("commits").perSecond(), ms(s.get("commits").p99Ms()), s.get("service_requests").perSecond(),
                ms(s.get("service_requests").p99Ms()), s.get("service_requests").errors(), s.get("installations").perSecond(),
                ms(s.get("installations").p99Ms()), s.get("installations").errors(), s.get("reports").perSecond(),
                ms(s.get("reports").p99Ms()), s.get("reports").errors(), heaps,
                r.brokerStored() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.brokerStored()), r.brokerDropped(),
                r.fault().isEmpty() ? "" : " | fault: " + r.fault(),
                Math.max(0, minutesLeft));
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** Past the overall deadline the run ends, saying in which phase it was. */
    private Thread watchdog(Duration limit) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                System.err.println("bench soak: the overall deadline of " + limit.toMinutes() + " minutes passed while " + phase
                        + "; stopping");
                System.out.flush();
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                // the run ended in time
            }
        }, "soak-deadline");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private String jdbc(String database) {
        return jdbcBase + database + "?user=postgres";
    }

    private long scalar(String database, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc(database)); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static String host(String url) {
        return URI.create(url).getHost();
    }
}
