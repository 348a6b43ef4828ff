package org.meternet.simulator.bench;

import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.simulator.Api;
import org.meternet.simulator.Endpoints;
import org.meternet.simulator.Identifiers;
import org.meternet.simulator.load.HubResponder;

/**
 * bench gateway: service requests (SRV 4.1.1) at a fixed rate through the whole round trip — the public API with
 * token validation, the device lookup, the command over the broker to a hub, the hub's acknowledgement and answer
 * back, the I0 answer — against a baseline of an authenticated device read (8.2) through the same gateway at the
 * same rate. The hubs are played by one MQTT client answering at once, as a concentrator would ({@link HubResponder}).
 */
public final class GatewayBench {
    private static final int HUBS = 10;
    private static final int METERS_PER_HUB = 10;

    private final Endpoints endpoints;
    private final boolean quick;
    private final Api api;
    private final int rate;

    /** @param rate requests a second (500 by the issue; --rate N to see where the round trip bends) */
    public GatewayBench(Endpoints endpoints, boolean quick, int rate) {
        this.endpoints = endpoints;
        this.quick = quick;
        this.rate = rate;
        this.api = new Api(endpoints);
    }

    public int run() throws Exception {
        int seconds = quick ? 10 : 60;
        System.out.println("bench gateway" + (quick ? " (quick)" : ""));
        System.out.println("  machine: " + Machine.here());
        System.out.printf("  setup: %d hubs with %d meters each commissioned through the gateway; one MQTT client answers every "
                + "hub's commands at once;%n         SRV 4.1.1 at %d/s for %d s (after a warm-up as long), each request due at "
                + "its slot; baseline: GET the meter (8.2) at the same rate%n", HUBS, METERS_PER_HUB, rate, seconds);
        String token = api.devToken("bright-energy-api");
        List<String> meters = commissionMeters(token);
        try (HubResponder hubs = new HubResponder(MqttEndpoint.plain(endpoints.brokerHost(), endpoints.brokerPort(),
                "meternet-harness", "dev-meternet-harness"), "bench-hubs-" + System.nanoTime(), false).start();
                OpenLoop load = new OpenLoop()) {
            URI gateway = URI.create(endpoints.gatewayUrl());
            OpenLoop.Outcome baseline = null;
            OpenLoop.Outcome requests = null;
            for (int round = 0; round < 2; round++) { // the first round warms the JIT up and is not counted
                String tag = round == 0 ? " (warm-up)" : "";
                baseline = load.round("device reads" + tag, rate, seconds, 200, (client, n) -> new OpenLoop.Call(
                        client.get(gateway.getPort(), gateway.getHost(), "/api/v1/devices/" + meters.get(n % meters.size()))
                                .putHeader("Authorization", "Bearer " + token), null));
                requests = load.round("service requests" + tag, rate, seconds, 200, (client, n) -> new OpenLoop.Call(
                        client.post(gateway.getPort(), gateway.getHost(), "/api/v1/service-requests")
                                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json"),
                        Buffer.buffer("{\"srv\":\"4.1.1\",\"deviceId\":\"" + meters.get(n % meters.size()) + "\"}")));
            }
            double achieved = requests.latencies().length / (double) seconds;
            System.out.println();
            System.out.printf("  | %-40s |   ok   | failed |  p50 ms |  p99 ms |%n", "round trip at " + rate + "/s");
            System.out.println("  |------------------------------------------|--------|--------|---------|---------|");
            row("GET device through the gateway (8.2)", baseline);
            row("SRV 4.1.1 API -> hub -> API (I0)", requests);
            System.out.println("  slow service requests: " + requests.slowSeconds(50, 5));
            System.out.println("  target (issue 6): service-request round trip p99 < 50 ms at 500/s with token validation on");
            System.out.printf(Locale.ROOT, "RESULT gateway rate_per_s=%.0f p50_ms=%.1f p99_ms=%.1f failed=%d baseline_p50_ms=%.1f "
                    + "baseline_p99_ms=%.1f seconds=%d%n", achieved, Stats.percentile(requests.latencies(), 50),
                    Stats.percentile(requests.latencies(), 99), requests.errors(), Stats.percentile(baseline.latencies(), 50),
                    Stats.percentile(baseline.latencies(), 99), seconds);
            return 0;
        }
    }

    private static void row(String name, OpenLoop.Outcome o) {
        System.out.printf(Locale.ROOT, "  | %-40s | %6d | %6d | %7.1f | %7.1f |%n", name, o.latencies().length, o.errors(),
                Stats.percentile(o.latencies(), 50), Stats.percentile(o.latencies(), 99));
    }

    /** Premises, hubs and meters registered and commissioned as a supplier would, through the gateway. */
    private List<String> commissionMeters(String token) {
        List<String> meters = new ArrayList<>();
        for (int h = 0; h < HUBS; h++) { // a block of flats: one hub per premises, its meters on it
            Api.Reply premises = api.post(token, "/api/v1/premises", Map.of("postcode", "S44 6JJ"));
            require(premises, 201, "register premises");
            String premisesId = premises.text("premisesId");
            DeviceId chf = Identifiers.deviceId();
            require(api.post(token, "/api/v1/devices", Map.of("deviceId", chf.value(), "deviceType", "CHF", "premisesId", premisesId)),
                    201, "pre-notify a hub");
            commission(token, chf.value());
            for (int m = 0; m < METERS_PER_HUB; m++) {
                DeviceId esme = Identifiers.deviceId();
                require(api.post(token, "/api/v1/devices", Map.of("deviceId", esme.value(), "deviceType", "ESME", "premisesId",
                        premisesId, "mpxn", Identifiers.mpan(11).value(), "chfId", chf.value())), 201, "pre-notify a meter");
                commission(token, esme.value());
                meters.add(esme.value());
            }
        }
        System.out.printf("  %d meters on %d hubs commissioned%n", meters.size(), HUBS);
        return meters;
    }

    private void commission(String token, String device) {
        for (String status : List.of("WHITELISTED", "INSTALLED_NOT_COMMISSIONED", "COMMISSIONED")) {
            require(api.post(token, "/api/v1/devices/" + device + "/status-changes", Map.of("status", status)), 200, status);
        }
    }

    private static void require(Api.Reply r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + " answered " + r.status() + " " + r.body());
        }
    }

}
