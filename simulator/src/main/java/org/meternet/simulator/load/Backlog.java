package org.meternet.simulator.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.simulator.Api;
import org.meternet.simulator.Endpoints;
import org.meternet.simulator.OwnInstances;
import org.meternet.simulator.bench.GcLog;
import org.meternet.simulator.bench.HeapWatch;
import org.meternet.simulator.bench.ProgressBoard;

/**
 * A backlog waiting for two consumers, drained on small heaps (issue 15). On instances of its own (a broker, a
 * PostgreSQL cluster, the services as processes: {@link OwnInstances}): installation-service, messaging-service and
 * meter-gateway start, a seed fleet is commissioned and known to both device projections; messaging-service and the
 * gateway stop (their persistent sessions stay in the broker); installation-service commissions new devices through its
 * bulk API, whose events the broker queues for both, and hubs' register reads at QoS 1 queue for messaging-service's
 * telemetry session; then both start again with {@link #SMALL_HEAP} and drain it while their heaps are sampled.
 * {@link #verify()} says what became of every reading the broker acknowledged and every event installation-service
 * published. BacklogFaultIT runs it small with a kill mid-drain; {@code bench backlog} at full scale.
 */
public final class Backlog implements AutoCloseable {
    /** How big: homes (hub + electricity meter) commissioned before the outage, and during it; readings queued. */
    public record Scale(int seedHomes, int newHomes, long readings, int homesPerRequest) {
        public long newDevices() {
            return 2L * newHomes;
        }
    }

    /** The heap the consumers drain the backlog with, as services run (ZGC), exiting on OutOfMemoryError. */
    public static final int HEAP_LIMIT_MB = 256;
    public static final List<String> SMALL_HEAP = List.of("-Xms" + HEAP_LIMIT_MB + "m", "-Xmx" + HEAP_LIMIT_MB + "m",
            "-XX:+UseZGC", "-XX:+ExitOnOutOfMemoryError");
    /** Further JVM options for the two consumers, to look closer (e.g. -Xlog:gc:file=/tmp/gc-%p.log, a flight recording). */
    static final List<String> EXTRA_JVM = java.util.Arrays.stream(System.getProperty("meternet.backlog.jvm", "").split(" "))
            .filter(o -> !o.isBlank()).toList();
    /** installation-service as bin/meternet runs it. */
    static final List<String> SERVICE_HEAP = List.of("-Xms256m", "-Xmx512m", "-XX:+UseZGC", "-XX:+ExitOnOutOfMemoryError");
    public static final String MESSAGING_DB = "meternet_messaging";
    public static final String GATEWAY_DB = "meternet_gateway";
    public static final String INSTALLATION_DB = "meternet_installation";
    /** The consumers of installation events whose processed_event rows say what each applied. */
    public static final String MESSAGING_PROJECTION = "messaging.device-projection";
    public static final String GATEWAY_PROJECTION = "gateway.device-projection";

    private final Scale scale;
    private final Path root;
    private final String keycloakUrl;
    private final Duration poll;
    private final Duration printEvery;
    private final String run = "k" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private final Instant readingsFrom = Instant.now().minusSeconds(7_200);
    private OwnInstances own;
    private OwnInstances.Service installation;
    private OwnInstances.Service messaging;
    private OwnInstances.Service gateway;
    private Fleet seed;
    private HubLoad load;
    private HeapWatch heaps;
    private long eventsTotal;
    private org.meternet.simulator.bench.BrokerStats brokerStats;
    private Instant consumersLaunched;

    public Backlog(Scale scale, Path root, String keycloakUrl, Path logs, String logPrefix, Duration poll, Duration printEvery)
            throws Exception {
        this.scale = scale;
        this.root = root;
        this.keycloakUrl = keycloakUrl;
        this.poll = poll;
        this.printEvery = printEvery;
        this.own = new OwnInstances(root, "backlog").keepLogs(logs, logPrefix);
    }

    public OwnInstances own() {
        return own;
    }

    public OwnInstances.Service messaging() {
        return messaging;
    }

    public OwnInstances.Service gateway() {
        return gateway;
    }

    public HeapWatch heaps() {
        return heaps;
    }

    public HubLoad load() {
        return load;
    }

    /** The instances, the three services (at once), and the seed fleet known to both projections. */
    public void setUp() throws Exception {
        own.postgres(INSTALLATION_DB, MESSAGING_DB, GATEWAY_DB).startBroker();
        listenToBrokerCounters();
        int installationManagement = OwnInstances.freePort();
        installation = own.start(OwnInstances.launch("installation-service", "backlog-installation", installationManagement)
                .jvm(SERVICE_HEAP.toArray(String[]::new)));
        List<OwnInstances.Service> consumers = own.start(List.of(
                OwnInstances.launch("messaging-service", "backlog-messaging", OwnInstances.freePort())
                        .jvm(consumerJvm("messaging-service")).env("METERNET_INSTALLATION_URL", installation.apiUrl()),
                OwnInstances.launch("meter-gateway", "backlog-gateway", OwnInstances.freePort())
                        .jvm(consumerJvm("meter-gateway")).env("METERNET_INSTALLATION_URL", installation.apiUrl())
                        .env("METERNET_MESSAGING_URL", "http://127.0.0.1:1").env("METERNET_REPORTING_URL", "http://127.0.0.1:1")));
        messaging = consumers.get(0);
        gateway = consumers.get(1);
        long serial = System.currentTimeMillis() % 100_000_000L * 10_000;
        seed = Fleet.of(scale.seedHomes(), serial);
        seed.install(installation.apiUrl(), supplierToken());
        seed.awaitProjection("messaging-service", own.jdbcUrl(MESSAGING_DB), seed.homes().size(), Duration.ofMinutes(2));
        seed.awaitProjection("meter-gateway", own.jdbcUrl(GATEWAY_DB), seed.homes().size(), Duration.ofMinutes(2));
        load = new HubLoad(MqttEndpoint.plain("127.0.0.1", own.brokerPort(), "meternet-harness", "dev-meternet-harness"), 4, 250,
                "backlog-" + run).start();
    }

    /** The small heap, ZGC's log of each collection (the live set it marked), anything asked for besides. */
    private String[] consumerJvm(String service) {
        List<String> options = new java.util.ArrayList<>(SMALL_HEAP);
        options.add(GcLog.option(own.dir(), service));
        options.addAll(EXTRA_JVM);
        return options.toArray(String[]::new);
    }

    /** What ZGC logged of a consumer's heap, every process of it so far (the first start, the drain, a restart). */
    public GcLog.Summary gc(OwnInstances.Service service) throws java.io.IOException {
        return GcLog.read(own.dir(), service.name());
    }

    private String supplierToken() {
        return new Api(new Endpoints(keycloakUrl, null, "127.0.0.1", own.brokerPort(), own.hubPort(), null)).devToken("bright-energy-api");
    }

    /** What the outage left in the broker. */
    public record Queued(long devices, long events, long readings, double seconds, double eventsPerSecond, double readingsPerSecond,
            double brokerRssMb) {
    }

    /**
     * Stops messaging-service and the gateway (SIGTERM: they say goodbye, their sessions stay), then commissions the new
     * homes and publishes the readings at once, until installation-service has published every event and the broker
     * acknowledged every reading.
     */
    public Queued queueWhileConsumersDown(Duration limit) throws Exception {
        messaging.stop();
        gateway.stop();
        long serial = System.currentTimeMillis() % 100_000_000L * 10_000 + 5_000_000;
        Fleet fresh = Fleet.of(scale.newHomes(), serial);
        AtomicLong homesInstalled = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        Thread commissioning = new Thread(() -> {
            try {
                for (int from = 0; from < scale.newHomes(); from += scale.homesPerRequest()) {
                    long before = homesInstalled.get();
                    // a token a request: a long commissioning outlives one
                    Fleet.of(Math.min(scale.homesPerRequest(), scale.newHomes() - from), serial + from)
                            .install(installation.apiUrl(), supplierToken(), scale.homesPerRequest(), n -> homesInstalled.set(before + n));
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "backlog-commissioning");
        Thread publishing = new Thread(() -> {
            try {
                load.send(0, scale.readings(), 0, this::reading, limit, HubLoad.SendListener.NONE);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "backlog-readings");
        commissioning.start();
        publishing.start();
        long devicesTotal = 2L * (scale.seedHomes() + scale.newHomes());
        HeapWatch brokerWatch = new HeapWatch(own, List.of(), Duration.ofSeconds(1));
        try {
            new ProgressBoard("queueing", limit, Duration.ofSeconds(60), poll, printEvery)
                    .count("homes commissioned", scale.newHomes(), homesInstalled::get)
                    .count("events published", devicesTotal, () -> published())
                    .count("readings acknowledged", scale.readings(), load::acknowledgedCount)
                    .check(() -> failure.get() == null ? null : "the load failed: " + failure.get())
                    .check(() -> installation.alive() ? null : "installation-service exited (exit " + installation.exitValue() + ")")
                    .note(() -> String.format("broker RSS %.0f MB", own.brokerRssBytes() / 1_048_576.0)).await();
        } finally {
            brokerWatch.close();
        }
        commissioning.join();
        publishing.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        eventsTotal = count(INSTALLATION_DB, "select count(*) from outbox");
        return new Queued(scale.newDevices(), eventsTotal - 2L * scale.seedHomes(), load.acknowledgedCount(), seconds,
                scale.newDevices() / seconds, load.acknowledgedCount() / seconds, brokerWatch.brokerRssMaxMb());
    }

    /** The events installation-service has published (the broker acknowledged them). */
    private long published() {
        return count(INSTALLATION_DB, "select count(*) from outbox where " + org.meternet.platform.outbox.OutboxRelay.RELEASED);
    }

    /** A register read of a seed meter; the same message whatever the attempt, as a hub repeats it whole. */
    HubLoad.Message reading(long seq) {
        Fleet.Home h = seed.home(seq);
        String json = "{\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"" + run + "-" + seq + "\",\"deviceId\":\""
                + h.meter() + "\",\"deviceTime\":\"" + readingsFrom.plusMillis(seq) + "\",\"importWh\":" + (1_000_000 + seq)
                + ",\"exportWh\":0}";
        return new HubLoad.Message(h.readingsTopic(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** messaging-service and the gateway start again with the small heap, at once; their heaps are sampled from now on. */
    public void startConsumers() throws Exception {
        heaps = new HeapWatch(own, List.of(messaging, gateway), Duration.ofSeconds(1));
        consumersLaunched = Instant.now();
        OwnInstances.startAll(List.of(messaging, gateway));
    }

    /** SIGKILL to messaging-service (no goodbye to the broker, batches in progress cut off), then it starts again. */
    public void killAndRestartMessaging() throws Exception {
        messaging.kill();
        messaging.start();
    }

    public long readingsStored() {
        return count(MESSAGING_DB, "select count(*) from reading");
    }

    public long eventsApplied(String database, String consumer) {
        return count(database, "select count(*) from processed_event where consumer = '" + consumer + "'");
    }

    /** Waits until messaging-service has stored at least {@code n} readings. */
    public void awaitReadingsStored(long n, Duration limit) throws InterruptedException {
        new ProgressBoard("drain", limit, Duration.ofSeconds(60), poll, printEvery)
                .count("readings stored", n, this::readingsStored).check(this::exited).await();
    }

    /** Seconds from the consumers' launch until everything queued was applied, by count. */
    public Map<String, Double> awaitDrained(Duration limit) throws InterruptedException {
        return new ProgressBoard("drain", limit, Duration.ofSeconds(60), poll, printEvery)
                .count("readings stored", load.acknowledgedCount(), this::readingsStored)
                .count("events applied by messaging-service", eventsTotal, () -> eventsApplied(MESSAGING_DB, MESSAGING_PROJECTION))
                .count("events applied by meter-gateway", eventsTotal, () -> eventsApplied(GATEWAY_DB, GATEWAY_PROJECTION))
                .check(this::exited).note(this::memory).await();
    }

    /** The broker's memory and the consumers' heaps now, for the progress lines. */
    private String memory() {
        return String.format("broker RSS %.0f MB, heap used max so far: messaging-service %.0f MB, meter-gateway %.0f MB",
                own.brokerRssBytes() / 1_048_576.0, heaps.peak(messaging).heapUsedMb(), heaps.peak(gateway).heapUsedMb());
    }

    /** A consumer's process that ended while draining (an OutOfMemoryError exits it), and where its log is. */
    private String exited() {
        for (OwnInstances.Service s : List.of(messaging, gateway)) {
            if (!s.alive()) {
                return s.name() + " exited (exit " + s.exitValue() + ") while draining; its log: " + s.log();
            }
        }
        return null;
    }

    /** What became of the readings and events; rates from the rows' own commit times. */
    public record Verification(long readingsAcknowledged, long readingsStored, long readingsLost, long readingsDuplicated,
            Map<String, Long> deadLetters, long brokerDropped, long events, Map<String, Long> eventsNotRecorded,
            Map<String, Long> eventsNotInProjection, Map<String, Long> recordedTwice, double readingsPerSecond,
            Map<String, Double> eventsPerSecond, String firstLost) {
        /** Events a consumer did not apply: not recorded as processed, or its device's row without it. */
        public long eventsNotApplied(String consumer) {
            return Math.max(eventsNotRecorded.get(consumer), eventsNotInProjection.get(consumer));
        }

        /** Events not applied, summed over the consumers. */
        public long eventsLost() {
            return eventsNotRecorded.keySet().stream().mapToLong(this::eventsNotApplied).sum();
        }

        public long deadLettered() {
            return deadLetters.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Every reading the broker acknowledged is looked up (stored once, more than once, or not at all) and every event
     * installation-service published: recorded once in each consumer's processed_event (its primary key admits no
     * second), and its device's row in each projection carrying the event's sequence, commissioned.
     */
    public Verification verify() throws Exception {
        long acknowledged = load.acknowledgedCount();
        int[] copies = new int[(int) scale.readings()];
        try (Connection c = own.database(MESSAGING_DB)) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select message_id, count(*) from reading group by message_id")) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    String prefix = run + "-";
                    while (rs.next()) {
                        String id = rs.getString(1);
                        if (id.startsWith(prefix)) {
                            copies[Integer.parseInt(id.substring(prefix.length()))] += rs.getInt(2);
                        }
                    }
                }
            }
        }
        long stored = 0;
        long lost = 0;
        long duplicated = 0;
        String firstLost = null;
        for (int seq = 0; seq < copies.length; seq++) {
            if (copies[seq] > 0) {
                stored++;
                duplicated += copies[seq] - 1;
            } else if (load.acknowledged(seq)) {
                lost++;
                if (firstLost == null) {
                    firstLost = run + "-" + seq;
                }
            }
        }
        Map<String, Long> deadLetters = new TreeMap<>();
        try (Connection c = own.database(MESSAGING_DB); ResultSet rs = c.createStatement().executeQuery(
                "select code, count(*) from dead_letter group by code")) {
            while (rs.next()) {
                deadLetters.put(rs.getString(1), rs.getLong(2));
            }
        }
        // every device event installation-service published: its id, device and sequence
        Map<UUID, String> subjectOf = new HashMap<>();
        Map<String, Long> sequenceOf = new HashMap<>();
        try (Connection c = own.database(INSTALLATION_DB)) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select event_id, subject, sequence from outbox where type like 'device.%'")) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        subjectOf.put((UUID) rs.getObject(1), rs.getString(2));
                        sequenceOf.merge(rs.getString(2), rs.getLong(3), Math::max);
                    }
                }
            }
        }
        Map<String, Long> notRecorded = new TreeMap<>();
        Map<String, Long> notInProjection = new TreeMap<>();
        Map<String, Long> twice = new TreeMap<>();
        Map<String, Double> eventsPerSecond = new TreeMap<>();
        for (String[] consumer : List.of(new String[] {MESSAGING_DB, MESSAGING_PROJECTION}, new String[] {GATEWAY_DB, GATEWAY_PROJECTION})) {
            Set<UUID> recorded = new HashSet<>();
            long rows = 0;
            try (Connection c = own.database(consumer[0])) {
                c.setAutoCommit(false);
                try (PreparedStatement s = c.prepareStatement("select event_id from processed_event where consumer = ?")) {
                    s.setString(1, consumer[1]);
                    s.setFetchSize(10_000);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            recorded.add((UUID) rs.getObject(1));
                            rows++;
                        }
                    }
                }
                long behind = 0;
                Map<String, Long> projected = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement("select device_id, source_sequence from device_projection "
                        + "where status = 'COMMISSIONED'")) {
                    s.setFetchSize(10_000);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            projected.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
                for (Map.Entry<String, Long> e : sequenceOf.entrySet()) {
                    Long at = projected.get(e.getKey());
                    if (at == null || at < e.getValue()) {
                        behind++;
                    }
                }
                notInProjection.put(consumer[1], behind);
                eventsPerSecond.put(consumer[1], rate(c, "select count(*), extract(epoch from max(processed_at) - min(processed_at)) "
                        + "from processed_event where consumer = '" + consumer[1] + "' and processed_at >= ?"));
            }
            long missing = subjectOf.keySet().stream().filter(id -> !recorded.contains(id)).count();
            notRecorded.put(consumer[1], missing);
            twice.put(consumer[1], rows - recorded.size());
        }
        double readingsPerSecond;
        try (Connection c = own.database(MESSAGING_DB)) {
            readingsPerSecond = rate(c, "select count(*), extract(epoch from max(received_at) - min(received_at)) from reading "
                    + "where received_at >= ?");
        }
        return new Verification(acknowledged, stored, lost, duplicated, deadLetters, brokerDropped(), subjectOf.size(), notRecorded,
                notInProjection, twice, readingsPerSecond, eventsPerSecond, firstLost);
    }

    /** Rows per second between the first and the last commit since the consumers' launch. */
    private double rate(Connection c, String sql) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, consumersLaunched.atOffset(java.time.ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                double secs = rs.getDouble(2);
                return secs > 0 ? rs.getLong(1) / secs : 0;
            }
        }
    }

    /** What the broker counted as dropped (a session's queue full) since it started, or -1 when its $SYS was not heard. */
    public long brokerDropped() {
        return brokerStats != null && brokerStats.heard() ? brokerStats.dropped() : -1;
    }

    private void listenToBrokerCounters() {
        brokerStats = new org.meternet.simulator.bench.BrokerStats(MqttEndpoint.plain("127.0.0.1", own.brokerPort(),
                "meternet-harness", "dev-meternet-harness"), "backlog-sys-" + run).start();
    }

    private long count(String database, String sql) {
        try (Connection c = own.database(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1; // the database may be busy restarting; the next poll asks again
        }
    }

    /** Stops the load and the sampling, retires every persistent session the broker holds, and removes the instances. */
    @Override
    public void close() throws Exception {
        try {
            if (heaps != null) {
                heaps.close();
            }
            if (load != null) {
                load.close();
            }
            if (brokerStats != null) {
                brokerStats.close();
            }
            for (OwnInstances.Service s : new OwnInstances.Service[] {messaging, gateway, installation}) {
                if (s != null) {
                    s.stop();
                }
            }
            if (own.brokerPid() > 0) {
                own.retirePersistentSessions();
            }
        } finally {
            own.close();
        }
    }
}
