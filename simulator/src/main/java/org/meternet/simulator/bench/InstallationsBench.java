package org.meternet.simulator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.meternet.simulator.Api;
import org.meternet.simulator.Endpoints;
import org.meternet.simulator.load.InstallationBodies;

/**
 * {@code bench installations}: bulk registration and commissioning through installation-service's
 * API into PostgreSQL, counted as done when every device.commissioned event has been acknowledged
 * by the broker; then single registrations at a fixed rate. The baseline is PostgreSQL itself: the
 * same rows written straight over JDBC, so the ratio says what the service costs on top.
 */
public final class InstallationsBench {
    static final int DEVICES_PER_INSTALLATION = InstallationBodies.DEVICES;
    /** Devices 00-DB-B1/B2/B3-..., MPANs of distribution area 11. */
    private static final InstallationBodies BODIES = new InstallationBodies(0xB1, 11);

    private final String serviceUrl;
    private final String jdbcUrl;
    private final Api api;
    private final boolean quick;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis() % 100_000_000L * 1000);

    public InstallationsBench(Endpoints endpoints, String serviceUrl, String jdbcUrl, boolean quick) {
        this.serviceUrl = serviceUrl;
        this.jdbcUrl = jdbcUrl;
        this.api = new Api(endpoints);
        this.quick = quick;
    }

    public int run() throws Exception {
        int installations = quick ? 5_000 : 60_000;
        int rounds = quick ? 1 : 3;
        int singleSeconds = quick ? 10 : 30;
        int rate = 200;
        Machine machine = Machine.here();
        System.out.println("bench installations" + (quick ? " (quick)" : ""));
        System.out.println("  machine: " + machine);
        System.out.printf("  setup: installation-service %s, PostgreSQL %s, events to the platform broker at QoS 1;%n"
                + "         %d s of single registrations (hub, meter, display) at %d/s after an uncounted warm-up, then %d round(s) of %,d installations x %d devices (bulk NDJSON),%n"
                + "         then the single registrations again%n",
                serviceUrl, jdbcUrl.replaceAll("\\?.*", ""), singleSeconds, rate, rounds, installations, DEVICES_PER_INSTALLATION);

        // single registrations first: measured on their own, not behind the vacuum of a bulk load,
        // after a warm-up at the same rate that is not counted: on 2 cores the JIT needs about 30 s
        // before the service (and this client) run at their steady-state speed
        single(rate, quick ? 10 : 30);
        double[] latencies = single(rate, singleSeconds);
        List<Double> baselineRates = new ArrayList<>();
        List<Double> commissionedRates = new ArrayList<>();
        List<Double> writeRates = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double baseline = baseline(installations * DEVICES_PER_INSTALLATION);
            baselineRates.add(baseline);
            System.out.printf("  round %d baseline: PostgreSQL takes %,.0f devices/s (device + outbox rows, JDBC, same batches)%n",
                    round, baseline);
            double[] bulk = bulk(installations);
            writeRates.add(bulk[0]);
            commissionedRates.add(bulk[1]);
            System.out.printf("  round %d service: %,.0f devices/s written, %,.0f devices/s commissioned with events published%n",
                    round, bulk[0], bulk[1]);
        }
        // and again on a database that has just taken the bulk rounds' rows (issue 15: the tail grew with what the
        // outbox had taken), with its vacuum and the relay's release running behind
        double[] afterBulk = single(rate, singleSeconds);
        long errors = Math.round(latencies[latencies.length - 1]) + Math.round(afterBulk[afterBulk.length - 1]);
        double[] ms = java.util.Arrays.copyOf(latencies, latencies.length - 1);
        double[] msAfter = java.util.Arrays.copyOf(afterBulk, afterBulk.length - 1);
        long devicesInDatabase = devicesInDatabase();

        double commissioned = Stats.median(commissionedRates);
        double written = Stats.median(writeRates);
        double baseline = Stats.median(baselineRates);
        double ratio = commissioned / baseline;
        double p50 = Stats.percentile(ms, 50);
        double p95 = Stats.percentile(ms, 95);
        double p99 = Stats.percentile(ms, 99);
        double p50After = Stats.percentile(msAfter, 50);
        double p99After = Stats.percentile(msAfter, 99);
        System.out.println();
        System.out.println("  | measure                                        | median of rounds |");
        System.out.println("  |------------------------------------------------|------------------|");
        System.out.printf("  | bulk: devices commissioned/s, events published | %,16.0f |%n", commissioned);
        System.out.printf("  | bulk: devices written/s                        | %,16.0f |%n", written);
        System.out.printf("  | baseline: PostgreSQL device+outbox rows/s      | %,16.0f |%n", baseline);
        System.out.printf("  | ratio commissioned / baseline                  | %16.2f |%n", ratio);
        System.out.printf("  | single registration at %d/s: p50 / p95 / p99 ms | %5.1f / %4.1f / %5.1f |%n", rate, p50, p95, p99);
        System.out.printf("  | the same after the bulk rounds: p50 / p99 ms    | %5.1f / %5.1f |%n", p50After, p99After);
        System.out.printf("  | devices in the database at the end             | %,16d |%n", devicesInDatabase);
        System.out.printf("  | single registrations: done / failed            | %,9d / %,4d |%n", ms.length + msAfter.length, errors);
        System.out.println("  targets (issue 3): >= 5,000 devices commissioned/s sustained; single p99 < 50 ms at 200/s");
        System.out.printf(java.util.Locale.ROOT, "RESULT installations commissioned_per_s=%.0f written_per_s=%.0f baseline_per_s=%.0f ratio=%.2f "
                + "single_p50_ms=%.1f single_p99_ms=%.1f single_after_bulk_p50_ms=%.1f single_after_bulk_p99_ms=%.1f single_requests=%d "
                + "single_errors=%d rounds=%d devices_per_round=%d devices_in_database=%d%n",
                commissioned, written, baseline, ratio, p50, p99, p50After, p99After, ms.length + msAfter.length, errors, rounds,
                installations * DEVICES_PER_INSTALLATION, devicesInDatabase);
        return 0;
    }

    /** Returns {written devices/s, commissioned-and-published devices/s}. */
    double[] bulk(int installations) throws IOException, InterruptedException {
        String token = api.devToken("bright-energy-api");
        long devices = (long) installations * DEVICES_PER_INSTALLATION;
        StringBuilder ndjson = new StringBuilder(installations * 300);
        for (int i = 0; i < installations; i++) {
            ndjson.append(installationJson()).append('\n');
        }
        byte[] body = ndjson.toString().getBytes(StandardCharsets.UTF_8);
        double publishedBefore = published();
        long start = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(URI.create(serviceUrl + "/api/v1/installations/bulk"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<java.io.InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("bulk upload refused: HTTP " + resp.statusCode());
        }
        Progress progress = new Progress("installations answered", installations);
        long stored = 0;
        long lines = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("\"result\":\"stored\"")) {
                    stored++;
                }
                progress.update(++lines);
            }
        }
        double writeSecs = (System.nanoTime() - start) / 1e9;
        if (stored != installations) {
            throw new IllegalStateException("only " + stored + " of " + installations + " installations were stored");
        }
        Progress events = new Progress("events published", devices);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        double now;
        while ((now = published() - publishedBefore) < devices) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (long) now + " of " + devices + " events were published in 5 minutes");
            }
            events.update((long) now);
            Thread.sleep(20);
        }
        double allSecs = (System.nanoTime() - start) / 1e9;
        return new double[] {devices / writeSecs, devices / allSecs};
    }

    /** Single registrations at a fixed rate (open loop, {@link OpenLoop}); latencies in ms, then the error count last. */
    double[] single(int perSecond, int seconds) throws InterruptedException {
        String token = api.devToken("bright-energy-api");
        URI target = URI.create(serviceUrl + "/api/v1/installations");
        OpenLoop.Outcome o = OpenLoop.run("single registrations", perSecond, seconds, 201, (client, n) -> new OpenLoop.Call(
                client.post(target.getPort(), target.getHost(), target.getPath()).putHeader("Authorization", "Bearer " + token)
                        .putHeader("Content-Type", "application/json"), io.vertx.core.buffer.Buffer.buffer(installationJson())));
        double[] out = java.util.Arrays.copyOf(o.latencies(), o.latencies().length + 1);
        out[o.latencies().length] = o.errors();
        return out;
    }

    long devicesInDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("select count(*) from public.device")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The same device and outbox rows, written straight into PostgreSQL in batches of 1,500 devices. */
    double baseline(int devices) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            try (Statement s = c.createStatement()) {
                s.execute("drop schema if exists bench_baseline cascade");
                s.execute("create schema bench_baseline");
                s.execute("create table bench_baseline.device (like public.device including defaults including indexes)");
                s.execute("create table bench_baseline.outbox (like public.outbox including defaults including indexes)");
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            int batch = 1_500;
            try (PreparedStatement dev = c.prepareStatement("insert into bench_baseline.device (id, device_type, status, "
                    + "status_effective_at, premises_id, supplier_org, chf_id, mpxn, smets_version) "
                    + "select i, 'ESME', 'COMMISSIONED', now(), gen_random_uuid(), 'bright-energy', c, m, 'SMETS2' "
                    + "from unnest(?::text[], ?::text[], ?::text[]) as u(i, c, m)");
                    PreparedStatement out = c.prepareStatement("insert into bench_baseline.outbox (event_id, type, version, "
                            + "occurred_at, source, subject, data) select gen_random_uuid(), 'device.commissioned', 1, now(), "
                            + "'installation', s, d from unnest(?::text[], ?::text[]) as u(s, d)")) {
                for (int done = 0; done < devices; done += batch) {
                    int n = Math.min(batch, devices - done);
                    String[] ids = new String[n];
                    String[] chf = new String[n];
                    String[] mpan = new String[n];
                    String[] data = new String[n];
                    for (int k = 0; k < n; k++) {
                        ids[k] = "BASE-" + (done + k);
                        chf[k] = "BASE-HUB-" + (done + k);
                        mpan[k] = String.valueOf(done + k);
                        data[k] = "{\"deviceId\":\"" + ids[k] + "\",\"deviceType\":\"ESME\",\"status\":\"COMMISSIONED\","
                                + "\"postcode\":\"S44 6JJ\",\"localAuthorityCode\":\"E07000033\",\"regionCode\":\"E12000004\","
                                + "\"supplierOrg\":\"bright-energy\",\"smetsVersion\":\"SMETS2\",\"chfId\":\"" + chf[k] + "\"}";
                    }
                    dev.setArray(1, c.createArrayOf("text", ids));
                    dev.setArray(2, c.createArrayOf("text", chf));
                    dev.setArray(3, c.createArrayOf("text", mpan));
                    dev.executeUpdate();
                    out.setArray(1, c.createArrayOf("text", ids));
                    out.setArray(2, c.createArrayOf("text", data));
                    out.executeUpdate();
                    c.commit();
                }
            }
            double rate = devices / ((System.nanoTime() - start) / 1e9);
            try (Statement s = c.createStatement()) {
                s.execute("drop schema bench_baseline cascade");
            }
            c.commit();
            return rate;
        }
    }

    private double published() throws IOException, InterruptedException {
        return Metrics.sum(Metrics.read(http, "installation-service", serviceUrl), "meternet_outbox_published_total", null);
    }

    private String installationJson() {
        return BODIES.json(serial.incrementAndGet());
    }

}
