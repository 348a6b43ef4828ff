package org.meternet.simulator;

import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker and a PostgreSQL cluster that belong to one test or benchmark alone (bin/lib/own-instance.sh: the
 * platform's broker configuration on spare ports, a cluster made with initdb), and services run against them as
 * processes (the packaged jars), so that it can stop, kill and restart any of them without disturbing anything else on
 * the machine. {@link #close()} stops what it started and removes the instances, after copying their logs somewhere
 * that stays if {@link #keepLogs} said where.
 */
public final class OwnInstances implements AutoCloseable {
    private final Path root;
    private final Path dir;
    private final int brokerPort;
    private final int hubPort;
    private int pgPort = -1;
    private boolean brokerStarted;
    private final List<Service> services = new ArrayList<>();
    private Path logsTarget;
    private String logsPrefix;

    /**
     * Ports and a directory for the instances; nothing runs yet. {@code root} is the repository's root (the services'
     * jars, bin/lib/own-instance.sh).
     */
    public OwnInstances(Path root, String name) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.dir = Files.createTempDirectory("meternet-" + name);
        this.brokerPort = freePort();
        this.hubPort = freePort();
    }

    public Path dir() {
        return dir;
    }

    /** The broker's password listener (services, the test harness). */
    public int brokerPort() {
        return brokerPort;
    }

    /** The broker's TLS listener (hubs). */
    public int hubPort() {
        return hubPort;
    }

    public int pgPort() {
        return pgPort;
    }

    /** A new PostgreSQL cluster (trust authentication), started, with the given databases. */
    public OwnInstances postgres(String... databases) throws Exception {
        pgPort = freePort();
        own("postgres-init", dir.resolve("pg").toString(), Integer.toString(pgPort));
        try (Connection c = database("postgres")) {
            for (String db : databases) {
                c.createStatement().execute("create database " + db);
            }
        }
        return this;
    }

    public void startPostgres() throws Exception {
        own("postgres-start", dir.resolve("pg").toString(), Integer.toString(pgPort));
    }

    public void stopPostgres() throws Exception {
        own("postgres-stop", dir.resolve("pg").toString());
    }

    /** Starts the broker (again): its sessions and queued messages are where it saved them. */
    public OwnInstances startBroker() throws Exception {
        own("broker-start", dir.resolve("broker").toString(), Integer.toString(brokerPort), Integer.toString(hubPort));
        brokerStarted = true;
        return this;
    }

    /** Stops the broker gracefully: it saves its sessions and their queues first. */
    public void stopBroker() throws Exception {
        own("broker-stop", dir.resolve("broker").toString());
    }

    /** The broker's process id, or -1 when it does not run. */
    public long brokerPid() {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("broker/mosquitto.pid")).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? pid : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The broker's resident memory in bytes (from /proc), or -1 when it does not run. */
    public long brokerRssBytes() {
        long pid = brokerPid();
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone meanwhile
        }
        return -1;
    }

    public Connection database(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/" + name + "?user=postgres");
    }

    public String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + name + "?user=postgres";
    }

    /** What a service of these instances is started with, besides what bin/meternet gives it. */
    public static final class Launch {
        final String service;
        final String instanceId;
        final int managementPort;
        final List<String> jvm = new ArrayList<>();
        final Map<String, String> env = new HashMap<>();
        Duration readyWithin = Duration.ofSeconds(90);

        private Launch(String service, String instanceId, int managementPort) {
            this.service = service;
            this.instanceId = instanceId;
            this.managementPort = managementPort;
        }

        /** JVM options, e.g. -Xmx256m (none: the JVM's defaults). */
        public Launch jvm(String... options) {
            jvm.addAll(List.of(options));
            return this;
        }

        public Launch env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Launch readyWithin(Duration limit) {
            readyWithin = limit;
            return this;
        }
    }

    /**
     * {@code service} (e.g. "messaging-service") under a stable client id ({@code instanceId}: its persistent sessions
     * outlive the process), its management port (health, metrics) {@code managementPort}, a free API port.
     */
    public static Launch launch(String service, String instanceId, int managementPort) {
        return new Launch(service, instanceId, managementPort);
    }

    /** Starts a service on these instances and waits until it is ready; a process that exits meanwhile is named with its log. */
    public Service start(Launch launch) throws Exception {
        return start(List.of(launch)).get(0);
    }

    /** Starts several services at once (they start faster together than one after another), then waits for each. */
    public List<Service> start(List<Launch> launches) throws Exception {
        List<Service> started = new ArrayList<>();
        for (Launch launch : launches) {
            Service s = new Service(launch, freePort());
            services.add(s);
            started.add(s);
        }
        startAll(started);
        return started;
    }

    /** Starts these services (again) at once, then waits until each is ready. */
    public static void startAll(List<Service> services) throws Exception {
        for (Service s : services) {
            s.launch();
        }
        for (Service s : services) {
            s.awaitReady();
        }
    }

    /** A service running as a process on these instances. */
    public final class Service {
        private final Launch launch;
        private final int httpPort;
        private volatile Process process;

        Service(Launch launch, int httpPort) {
            this.launch = launch;
            this.httpPort = httpPort;
        }

        public String name() {
            return launch.service;
        }

        public String instanceId() {
            return launch.instanceId;
        }

        /** Its API, e.g. http://127.0.0.1:23456 (its management port is not this plus 1000). */
        public String apiUrl() {
            return "http://127.0.0.1:" + httpPort;
        }

        public URI metricsUri() {
            return URI.create("http://127.0.0.1:" + launch.managementPort + "/q/metrics");
        }

        public Path log() {
            return dir.resolve(launch.service + ".log");
        }

        public boolean alive() {
            Process p = process;
            return p != null && p.isAlive();
        }

        public long pid() {
            Process p = process;
            return p == null ? -1 : p.pid();
        }

        /** How the process ended, when it has: its exit value (137 after SIGKILL, 3 after OutOfMemoryError here). */
        public Integer exitValue() {
            Process p = process;
            return p == null || p.isAlive() ? null : p.exitValue();
        }

        /** Starts it (again, after a stop or a kill) and waits until it is ready. */
        public Service start() throws Exception {
            launch();
            awaitReady();
            return this;
        }

        void launch() throws Exception {
            if (alive()) {
                throw new IllegalStateException(launch.instanceId + " already runs");
            }
            Map<String, String> env = new HashMap<>();
            for (String line : run(root.resolve("bin/lib/own-instance.sh").toString(), "service-env", launch.service).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            env.put("METERNET_MANAGEMENT_PORT", Integer.toString(launch.managementPort));
            env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            env.put("METERNET_MQTT_PORT", Integer.toString(brokerPort));
            if (pgPort > 0) {
                env.put("METERNET_DB_PORT", Integer.toString(pgPort));
            }
            env.put("METERNET_INSTANCE_ID", launch.instanceId);
            // installation-service writes its CRL at start-up: into these instances, never the machine's PKI
            env.put("METERNET_CA_CRL_FILE", dir.resolve("device-ca.crl").toString());
            env.putAll(launch.env);
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(launch.jvm);
            cmd.addAll(List.of("-jar", root.resolve(launch.service + "/target/quarkus-app/quarkus-run.jar").toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            process = pb.start();
        }

        void awaitReady() {
            Await.until(launch.instanceId + " on the own broker and database to be ready (or its process to end)",
                    launch.readyWithin, () -> ready() || !alive(), ok -> ok);
            if (!alive()) {
                throw new IllegalStateException(launch.instanceId + " exited while starting (exit " + exitValue() + "); "
                        + "the end of its log " + log() + ":\n" + tail(log(), 30));
            }
        }

        /** SIGKILL: no shutdown hook, no goodbye to the broker. */
        public void kill() throws InterruptedException {
            Process p = process;
            if (p != null) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }

        /** SIGTERM, and waits for the process to end: it closes its connections (its sessions stay in the broker). */
        public void stop() throws InterruptedException {
            Process p = process;
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }

        boolean ready() {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + launch.managementPort
                        + "/q/health/ready").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                return c.getResponseCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }

        /** Its metrics (Prometheus text), or null when it does not answer within {@code timeout}. */
        public String metrics(Duration timeout) {
            try {
                HttpURLConnection c = (HttpURLConnection) metricsUri().toURL().openConnection();
                c.setConnectTimeout((int) Math.min(timeout.toMillis(), 1000));
                c.setReadTimeout((int) timeout.toMillis());
                if (c.getResponseCode() != 200) {
                    return null;
                }
                try (var in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                return null;
            }
        }
    }

    /**
     * Removes the persistent sessions the broker holds (every client that connected without a clean session, as its log
     * says), by connecting once under each client id with a clean session: a session left behind would go on queueing.
     */
    public List<String> retirePersistentSessions() throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        Path log = dir.resolve("broker/mosquitto.log");
        if (Files.exists(log)) {
            Matcher m = Pattern.compile("New client connected from \\S+ as (\\S+) \\([^)]*\\bc0\\b").matcher(Files.readString(log));
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        for (String id : ids) {
            retireSession(id);
        }
        return new ArrayList<>(ids);
    }

    /** Connecting once under {@code clientId} with a clean session removes its persistent session. */
    public void retireSession(String clientId) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            MqttClientOptions o = new MqttClientOptions().setClientId(clientId).setCleanSession(true);
            o.setUsername("meternet-harness");
            o.setPassword("dev-meternet-harness");
            MqttClient c = MqttClient.create(vertx, o);
            c.connect(brokerPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            c.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
    }

    /**
     * When closing, after everything stopped: the services' and the broker's logs are copied into {@code target} as
     * {@code <prefix>-<service>.log} and {@code <prefix>-broker.log}.
     */
    public OwnInstances keepLogs(Path target, String prefix) {
        logsTarget = target;
        logsPrefix = prefix;
        return this;
    }

    private void copyLogs() throws IOException {
        Files.createDirectories(logsTarget);
        // the services' logs, and whatever else they wrote beside them (a GC log...)
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, logsTarget.resolve(logsPrefix + "-" + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path broker = dir.resolve("broker/mosquitto.log");
        if (Files.exists(broker)) {
            Files.copy(broker, logsTarget.resolve(logsPrefix + "-broker.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Stops the services (SIGKILL: nothing of theirs is kept), the broker and PostgreSQL, keeps the logs if asked, and
     * removes the instances.
     */
    @Override
    public void close() throws Exception {
        try {
            for (Service s : services) {
                s.kill();
            }
            if (brokerStarted) {
                stopBroker();
            }
            if (pgPort > 0) {
                stopPostgres();
            }
        } finally {
            if (logsTarget != null) {
                copyLogs();
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void own(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/lib/own-instance.sh").toString()));
        cmd.addAll(List.of(args));
        run(cmd.toArray(String[]::new));
    }

    /** Runs a command to its end; its output, or an exception with it when it fails. */
    public static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static final Set<Integer> TAKEN = new java.util.HashSet<>();

    /**
     * A free port below the kernel's ephemeral range (32768-60999): a port the kernel hands out for nothing may be
     * given to some client's outgoing connection before the broker or PostgreSQL binds it (seen: the test broker's
     * "Address already in use").
     */
    public static synchronized int freePort() throws IOException {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (TAKEN.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port)) {
                TAKEN.add(port);
                return s.getLocalPort();
            } catch (IOException inUse) {
                // taken: try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
