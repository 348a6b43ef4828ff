package org.meternet.simulator.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.meternet.platform.event.Topics;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.id.MpanCore;
import org.meternet.simulator.Identifiers;
import org.meternet.simulator.bench.Progress;

/**
 * A fleet of hubs, each with one electricity meter, installed and commissioned through
 * installation-service's bulk API, then awaited in messaging-service's device projection.
 */
public final class Fleet {
    public record Home(DeviceId hub, DeviceId meter, String mpan) {
        public String readingsTopic() {
            return Topics.hubUp(hub, meter, Topics.HubMessageKind.READINGS);
        }
    }

    private final List<Home> homes;

    private Fleet(List<Home> homes) {
        this.homes = homes;
    }

    public List<Home> homes() {
        return homes;
    }

    public Home home(long seq) {
        return homes.get((int) (seq % homes.size()));
    }

    /** Homes numbered from {@code serial}, so that every run installs devices of its own. */
    public static Fleet of(int size, long serial) {
        List<Home> homes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // distributor 12: apart from the MPANs the installations benchmark makes (11)
            String stem = String.format("12%010d", (serial + i) % 10_000_000_000L);
            homes.add(new Home(Identifiers.deviceId(0xC1, serial + i), Identifiers.deviceId(0xC2, serial + i),
                    stem + MpanCore.checkDigit(stem)));
        }
        return new Fleet(homes);
    }

    /** Installs and commissions the fleet through installation-service (bulk NDJSON, the supplier's token). */
    public Fleet install(String installationUrl, String supplierToken) throws Exception {
        return install(installationUrl, supplierToken, homes.size(), done -> { });
    }

    /**
     * As above, {@code chunk} homes a request; {@code installed} hears the homes installed so far as the answers come.
     */
    public Fleet install(String installationUrl, String supplierToken, int chunk, java.util.function.LongConsumer installed)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        long stored = 0;
        for (int from = 0; from < homes.size(); from += chunk) {
            List<Home> part = homes.subList(from, Math.min(homes.size(), from + chunk));
            StringBuilder ndjson = new StringBuilder(part.size() * 230);
            for (Home h : part) {
                ndjson.append("{\"premises\":{\"postcode\":\"S44 6JJ\"},\"installedAt\":\"").append(Instant.now().minusSeconds(3600))
                        .append("\",\"devices\":[{\"deviceId\":\"").append(h.hub()).append("\",\"deviceType\":\"CHF\"},{\"deviceId\":\"")
                        .append(h.meter()).append("\",\"deviceType\":\"ESME\",\"mpxn\":\"").append(h.mpan()).append("\"}]}\n");
            }
            HttpResponse<java.io.InputStream> resp = http.send(HttpRequest.newBuilder(URI.create(installationUrl + "/api/v1/installations/bulk"))
                    .header("Authorization", "Bearer " + supplierToken).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString())).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("bulk installation refused: HTTP " + resp.statusCode());
            }
            String firstRefusal = null;
            long storedHere = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("\"result\":\"stored\"")) {
                        if (++storedHere % 1_000 == 0) {
                            installed.accept(stored + storedHere); // a large request takes a while: say how far it got
                        }
                    } else if (line.contains("\"result\":\"rejected\"") && firstRefusal == null) {
                        firstRefusal = line;
                    }
                }
            }
            if (storedHere != part.size()) {
                throw new IllegalStateException("only " + storedHere + " of " + part.size() + " homes installed; first refusal: "
                        + firstRefusal);
            }
            stored += storedHere;
            installed.accept(stored);
        }
        return this;
    }

    /** Waits until messaging-service's projection knows every meter as commissioned. */
    public Fleet awaitProjection(String messagingJdbcUrl, Duration patience) throws Exception {
        return awaitProjection("messaging-service", messagingJdbcUrl, homes.size(), patience);
    }

    /**
     * Waits until the device projection of {@code service} (messaging-service or meter-gateway: the same table, from the
     * same events) knows the first {@code count} meters as commissioned.
     */
    public Fleet awaitProjection(String service, String jdbcUrl, int count, Duration patience) throws Exception {
        String[] meters = homes.stream().limit(count).map(h -> h.meter().value()).toArray(String[]::new);
        Progress progress = new Progress("meters known to " + service, meters.length);
        long deadline = System.nanoTime() + patience.toNanos();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement("select count(*) from device_projection where device_id = any(?) "
                        + "and status = 'COMMISSIONED'")) {
            s.setArray(1, c.createArrayOf("text", meters));
            while (true) {
                long known;
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    known = rs.getLong(1);
                }
                progress.update(known);
                if (known == meters.length) {
                    return this;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service + " knows only " + known + " of " + meters.length + " meters");
                }
                Thread.sleep(200);
            }
        }
    }
}
