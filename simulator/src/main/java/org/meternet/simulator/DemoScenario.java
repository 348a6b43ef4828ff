package org.meternet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.meternet.platform.hub.RegisterRead;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.id.MpanCore;
import org.meternet.simulator.Api.Reply;

/**
 * The walking skeleton as a story: a supplier installs a smart meter and its comms hub, the
 * operator's roll-out report counts it, the hub gets its certificate and sends a reading that the
 * supplier reads back, and the platform refuses what it must refuse.
 */
public final class DemoScenario {
    /** Long enough for the read models to work through a backlog (say, after a benchmark's events). */
    static final Duration PATIENCE = Duration.ofSeconds(180);
    public static final String SUPPLIER = "bright-energy-api";
    public static final String OTHER_SUPPLIER = "volt-supply-api";
    public static final String NETWORK_OPERATOR = "em-networks-api";
    public static final String OTHER_NETWORK_OPERATOR = "north-networks-api";
    public static final String OPERATOR = "meternet-ops-api";

    private final Endpoints endpoints;
    private final Api api;
    private final Consumer<String> narrator;

    public DemoScenario(Endpoints endpoints, Consumer<String> narrator) {
        this.endpoints = endpoints;
        this.api = new Api(endpoints);
        this.narrator = narrator;
    }

    /** What happened, for the printed report and for the end-to-end test's assertions. */
    public record Story(String postcode, String localAuthorityCode, String localAuthorityName, String chfId,
            String esmeId, String mpan, long metersBefore, long metersAfter, String certificateSerial,
            String readingMessageId, long readingImportWh, JsonNode readingReturned, Reply otherSupplierReading,
            Reply noTokenReading, Reply networkOperatorCommission, Reply illegalTransition, boolean forgedTopicDropped,
            Reply serviceRequest, Reply networkOperatorServiceRequest, Reply otherSupplierServiceRequest,
            Reply outsideAreaServiceRequest, long serviceRequestsReported) {
    }

    public Story run() {
        Tokens t = tokens();
        Premises p = premises(t);
        long before = commissionedMeters(t.operator(), p.la());
        say("roll-out report before: %d commissioned SMETS2 meter(s) in %s", before, p.laName());
        Devices d = preNotification(t, p);
        Commissioning c = commissioning(t, p, d, before);
        try (SimulatedHub hub = new SimulatedHub(d.chf()); HubTrafficObserver observer = new HubTrafficObserver(vertx(), endpoints)) {
            Reply cert = certificate(t, d, hub);
            Reading reading = reading(t, d, hub);
            Refusals refusals = refusals(t, d, hub, observer);
            ServiceRequests requests = serviceRequests(t, d, hub, refusals.marker());
            return summary(p, d, before, c, cert, reading, refusals, requests);
        }
    }

    private record Tokens(String supplier, String otherSupplier, String networkOperator, String operator) {
    }

    private record Premises(String postcode, String id, String la, String laName) {
    }

    private record Devices(DeviceId chf, DeviceId esme, MpanCore mpan) {
    }

    private record Commissioning(Reply refused, Reply illegal, long after) {
    }

    private record Reading(RegisterRead read, JsonNode returned) {
    }

    private record Refusals(Reply other, Reply anonymous, boolean dropped, RegisterRead marker) {
    }

    private record ServiceRequests(Reply sr, Reply dno, Reply foreign, Reply outside, long reported) {
    }

    private Tokens tokens() {
        Tokens t = new Tokens(api.devToken(SUPPLIER), api.devToken(OTHER_SUPPLIER), api.devToken(NETWORK_OPERATOR),
                api.devToken(OPERATOR));
        say("tokens issued by Keycloak to %s, %s, %s and %s (client credentials)", SUPPLIER, OTHER_SUPPLIER, NETWORK_OPERATOR, OPERATOR);
        return t;
    }

    private Premises premises(Tokens t) {
        String postcode = "S44 6JJ";
        Reply premises = expect(201, api.post(t.supplier(), "/api/v1/premises", Map.of("postcode", postcode)), "register the premises");
        String la = premises.text("localAuthorityCode");
        String laName = premises.text("localAuthorityName");
        say("premises at %s registered: local authority %s (%s), from the ONS postcode sector lookup", postcode, laName, la);
        return new Premises(postcode, premises.text("premisesId"), la, laName);
    }

    private Devices preNotification(Tokens t, Premises p) {
        DeviceId chf = Identifiers.deviceId();
        DeviceId esme = Identifiers.deviceId();
        MpanCore mpan = Identifiers.mpan(11);
        expect(201, api.post(t.supplier(), "/api/v1/devices", Map.of("deviceId", chf.value(), "deviceType", "CHF",
                "premisesId", p.id(), "manufacturer", "Toshiba", "model", "CHF-SIM")), "pre-notify the hub");
        expect(201, api.post(t.supplier(), "/api/v1/devices", Map.of("deviceId", esme.value(), "deviceType", "ESME",
                "premisesId", p.id(), "mpxn", mpan.value(), "chfId", chf.value(), "manufacturer", "Landis+Gyr",
                "model", "E470-SIM")), "pre-notify the meter");
        say("%s pre-notified (SRV 12.2) hub %s and electricity meter %s on MPAN %s (distribution area 11, East Midlands)",
                SUPPLIER, chf, esme, mpan);
        return new Devices(chf, esme, mpan);
    }

    private Commissioning commissioning(Tokens t, Premises p, Devices devices, long before) {
        DeviceId esme = devices.esme();
        Reply refused = api.post(t.networkOperator(), "/api/v1/devices/" + esme + "/status-changes", Map.of("status", "COMMISSIONED"));
        say("the network operator tried to commission the meter: %d %s (role not eligible for SRV 8.1.1)", refused.status(), refused.code());

        for (DeviceId d : List.of(devices.chf(), esme)) {
            for (String status : List.of("WHITELISTED", "INSTALLED_NOT_COMMISSIONED", "COMMISSIONED")) {
                expect(200, api.post(t.supplier(), "/api/v1/devices/" + d + "/status-changes", Map.of("status", status)),
                        "move " + d + " to " + status);
            }
        }
        say("hub and meter whitelisted (8.11), joined the HAN and commissioned (8.1.1)");
        Reply illegal = api.post(t.supplier(), "/api/v1/devices/" + esme + "/status-changes", Map.of("status", "PENDING"));
        say("asking to move the commissioned meter back to PENDING: %d %s (%s)", illegal.status(), illegal.code(), illegal.text("detail"));

        long after = Await.until("the roll-out report to count the new meter", PATIENCE, () -> commissionedMeters(t.operator(), p.la()),
                n -> n >= before + 1);
        say("roll-out report after: %d commissioned SMETS2 meter(s) in %s (+%d), built from device.commissioned events",
                after, p.laName(), after - before);
        return new Commissioning(refused, illegal, after);
    }

    private Reply certificate(Tokens t, Devices d, SimulatedHub hub) {
        Reply cert = expect(201, api.post(t.supplier(), "/api/v1/devices/" + d.chf() + "/certificate",
                Map.of("csr", hub.certificateSigningRequest())), "sign the hub's CSR");
        hub.installCertificate(cert.text("certificate"));
        say("hub made its own key pair; the device CA signed its CSR: certificate %s, CN=%s, valid until %s",
                cert.text("serialNumber"), d.chf(), cert.text("notAfter"));

        hub.connect(vertx(), endpoints);
        say("hub connected to the platform broker over TLS with its certificate (mqtts://%s:%d)",
                endpoints.brokerHost(), endpoints.brokerTlsPort());
        return cert;
    }

    private Reading reading(Tokens t, Devices d, SimulatedHub hub) {
        DeviceId esme = d.esme();
        Await.until("messaging-service to accept the meter's traffic", PATIENCE,
                () -> api.get(t.supplier(), "/api/v1/devices/" + esme + "/connectivity"),
                r -> r.status() == 200 && r.body().get("acceptsTraffic").asBoolean());

        RegisterRead reading = hub.reading(esme, 1_234_567);
        hub.publish(esme, reading);
        say("hub published reading %s (import %d Wh) at QoS 1; the broker acknowledged it", reading.messageId(), reading.importWh());

        JsonNode stored = Await.until("the reading to be stored and served", PATIENCE,
                () -> api.get(t.supplier(), "/api/v1/devices/" + esme + "/readings"),
                r -> r.status() == 200 && containsMessage(r.body().get("readings"), reading.messageId())).body();
        JsonNode returned = find(stored.get("readings"), reading.messageId());
        say("%s read it back through the gateway at %s granularity (consent %s, the default): import %s Wh for the day "
                + "starting %s", SUPPLIER, stored.get("granularity").asText(), stored.get("consent").asText(),
                returned.get("importWh").asText(), returned.get("time").asText());
        return new Reading(reading, returned);
    }

    private Refusals refusals(Tokens t, Devices d, SimulatedHub hub, HubTrafficObserver observer) {
        DeviceId chf = d.chf();
        DeviceId esme = d.esme();
        Reply other = api.get(t.otherSupplier(), "/api/v1/devices/" + esme + "/readings");
        say("%s asked for the same meter's readings: %d %s", OTHER_SUPPLIER, other.status(), other.code());
        Reply anonymous = api.get(null, "/api/v1/devices/" + esme + "/readings");
        say("a request without a token: %d %s", anonymous.status(), anonymous.code());

        DeviceId otherHub = Identifiers.deviceId();
        hub.publishAs(otherHub, esme, hub.reading(esme, 666));
        RegisterRead marker = hub.reading(esme, 1_234_600);
        hub.publish(esme, marker);
        String ownTopicPrefix = "meternet/v1/hubs/" + chf + "/";
        List<String> seen = Await.until("the marker reading to pass the broker", PATIENCE, observer::topicsSeen,
                topics -> topics.stream().filter(topic -> topic.startsWith(ownTopicPrefix)).count() >= 2);
        boolean dropped = seen.stream().noneMatch(topic -> topic.contains("/hubs/" + otherHub + "/"));
        say("hub %s published under hub %s's topic, then under its own: the broker %s the forged one",
                chf, otherHub, dropped ? "dropped" : "DELIVERED");
        return new Refusals(other, anonymous, dropped, marker);
    }

    private ServiceRequests serviceRequests(Tokens t, Devices d, SimulatedHub hub, RegisterRead marker) {
        DeviceId esme = d.esme();
        hub.answerCommands(marker.importWh());
        long reportedBefore = serviceRequestsReported(t.operator());
        Reply sr = api.post(t.supplier(), "/api/v1/service-requests", Map.of("srv", "4.1.1", "deviceId", esme.value(),
                "params", Map.of()));
        say("%s sent SRV 4.1.1 (read instantaneous import registers) to the meter: %d %s, request %s, import %s Wh",
                SUPPLIER, sr.status(), sr.text("responseCode"), sr.text("requestId"),
                sr.status() == 200 ? sr.body().path("request").path("response").path("importWh").asText() : "-");
        Reply dno = api.post(t.networkOperator(), "/api/v1/service-requests", Map.of("srv", "4.1.1", "deviceId", esme.value()));
        say("%s, the network operator of distribution area 11, sent the same: %d %s", NETWORK_OPERATOR, dno.status(),
                dno.text("responseCode"));
        Reply foreign = api.post(t.otherSupplier(), "/api/v1/service-requests", Map.of("srv", "4.1.1", "deviceId", esme.value()));
        say("%s, not the meter's supplier, tried: %d %s", OTHER_SUPPLIER, foreign.status(), foreign.code());
        Reply outside = api.post(api.devToken(OTHER_NETWORK_OPERATOR), "/api/v1/service-requests",
                Map.of("srv", "4.1.1", "deviceId", esme.value()));
        say("%s, network operator of area 23, not the meter's area 11, tried: %d %s", OTHER_NETWORK_OPERATOR, outside.status(),
                outside.code());
        long reported = Await.until("the service requests to show in the report", PATIENCE,
                () -> serviceRequestsReported(t.operator()), n -> n >= reportedBefore + 2);
        say("service-request report: %d SRV 4.1.1 request(s) succeeded so far, from service-request.completed events", reported);
        return new ServiceRequests(sr, dno, foreign, outside, reported - reportedBefore);
    }

    private static Story summary(Premises p, Devices d, long before, Commissioning c, Reply cert, Reading reading,
            Refusals refusals, ServiceRequests requests) {
        return new Story(p.postcode(), p.la(), p.laName(), d.chf().value(), d.esme().value(), d.mpan().value(), before, c.after(),
                cert.text("serialNumber"), reading.read().messageId(), reading.read().importWh(), reading.returned(),
                refusals.other(), refusals.anonymous(), c.refused(), c.illegal(), refusals.dropped(), requests.sr(),
                requests.dno(), requests.foreign(), requests.outside(), requests.reported());
    }

    private Vertx vertx;

    private Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    public void close() {
        if (vertx != null) {
            vertx.close();
        }
    }

    /** SRV 4.1.1 requests the service-request report counts as succeeded. */
    private long serviceRequestsReported(String token) {
        long n = 0;
        for (JsonNode v : expect(200, api.get(token, "/api/v1/reports/service-requests"), "read the service-request report")
                .body().get("volumes")) {
            if ("4.1.1".equals(v.get("srv").asText())) {
                n += v.get("succeeded").asLong();
            }
        }
        return n;
    }

    private long commissionedMeters(String token, String la) {
        Reply r = expect(200, api.get(token, "/api/v1/reports/take-up/" + la), "read the take-up report");
        return r.body().get("takeUp").get("commissionedMeters").asLong();
    }

    private static boolean containsMessage(JsonNode readings, String messageId) {
        return find(readings, messageId) != null;
    }

    private static JsonNode find(JsonNode readings, String messageId) {
        for (JsonNode r : readings) {
            if (messageId.equals(r.get("messageId").asText())) {
                return r;
            }
        }
        return null;
    }

    private static Reply expect(int status, Reply r, String what) {
        if (r.status() != status) {
            throw new IllegalStateException("could not " + what + ": expected HTTP " + status + ", got " + r.status() + " " + r.body());
        }
        return r;
    }

    private void say(String format, Object... args) {
        narrator.accept(String.format(format, args));
    }
}
