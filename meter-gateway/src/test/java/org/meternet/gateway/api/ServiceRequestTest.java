package org.meternet.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.meternet.gateway.messaging.GatewayReplicas;
import org.meternet.platform.mqtt.Presence;
import org.meternet.platform.problem.RateLimitedException;
import org.meternet.platform.security.Caller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.SupplierChange;
import org.meternet.platform.event.Topics;
import org.meternet.platform.hub.HubCommand;
import org.meternet.platform.hub.HubResponse;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;
import org.meternet.gateway.domain.RequestId;
import io.micrometer.core.instrument.MeterRegistry;
import org.meternet.gateway.messaging.HubLink;
import org.meternet.gateway.persistence.ServiceRequestStore;
import org.meternet.platform.id.DeviceId;

/**
 * Service requests through the real test broker to a hub played by the test, with installation-service played by
 * a small HTTP server that gives each device's inventory record (or its E19 / E4 verdict) as installation-service
 * would. The meters' behaviour is in their ids: ...A1 answers, ...A2 acknowledges and never answers, ...A3 is on a
 * hub that is offline, ...A4 fails the command.
 */
@QuarkusTest
class ServiceRequestTest {
    static final String CHF = "00-DB-00-00-00-00-00-C1";
    static final String ANSWERS = "00-DB-00-00-00-00-00-A1";
    static final String SILENT = "00-DB-00-00-00-00-00-A2";
    static final String OFFLINE = "00-DB-00-00-00-00-00-A3";
    static final String FAILS = "00-DB-00-00-00-00-00-A4";
    static final String NOT_COMMISSIONED = "00-DB-00-00-00-00-00-A5";
    static final String OTHER_SUPPLIERS = "00-DB-00-00-00-00-00-A6";
    static final String UNKNOWN = "00-DB-00-00-00-00-00-A7";
    static final String HUB = "00-DB-00-00-00-00-00-A8";
    static final String ASLEEP_CHF = "00-DB-00-00-00-00-00-C2";
    static final String BEHIND_ASLEEP_HUB = "00-DB-00-00-00-00-00-B1";
    // a hub and its meters the test plays itself, message by message (the hub played above leaves them alone)
    static final String PLAYED_CHF = "00-DB-00-00-00-00-00-C3";
    static final String PLAYED_METER = "00-DB-00-00-00-00-00-D1";
    static final String PLAYED_OTHER_METER = "00-DB-00-00-00-00-00-D2";
    static final String ANOTHER_CHF = "00-DB-00-00-00-00-00-C4";
    // installation-service (the fake) does not know it: only installation events tell the gateway of it
    static final String KNOWN_FROM_EVENTS = "00-DB-00-00-00-00-00-E1";

    static Vertx vertx;
    static HttpServer inventory;
    static MqttClient hub;
    static BrokerWatch events;

    @BeforeAll
    static void playInstallationServiceAndAHub() throws Exception {
        vertx = Vertx.vertx();
        inventory = vertx.createHttpServer().requestHandler(req -> {
            String id = req.path().substring(req.path().lastIndexOf('/') + 1);
            if (req.path().startsWith("/api/v1/premises/")) {
                req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("premisesId", id)
                        .put("regionCode", "E12000004").encode());
            } else if (id.equals(UNKNOWN) || id.equals(KNOWN_FROM_EVENTS)) {
                problem(req.response(), 404, "E19", "device " + id + " is not in the Smart Metering Inventory");
            } else if (id.equals(OTHER_SUPPLIERS)) {
                problem(req.response(), 403, "E4", "not authorised for device " + id + " at this time");
            } else {
                req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("deviceId", id)
                        .put("deviceType", id.equals(HUB) ? "CHF" : "ESME")
                        .put("status", id.equals(NOT_COMMISSIONED) ? "INSTALLED_NOT_COMMISSIONED" : "COMMISSIONED")
                        .put("chfId", id.equals(BEHIND_ASLEEP_HUB) ? ASLEEP_CHF : CHF).put("premisesId", "9b2f6a0e-5a44-4c55-9d4c-3b1c5c0b7a11").put("supplierOrg", "bright-energy")
                        .encode());
            }
        }).listen(18181, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hub = MqttClient.create(vertx, new MqttClientOptions().setClientId("test-hub-" + System.nanoTime())
                .setUsername("meternet-harness").setPassword("dev-meternet-harness"));
        hub.publishHandler(m -> {
            HubCommand c;
            try {
                c = EventCodec.MAPPER.readValue(m.payload().getBytes(), HubCommand.class);
            } catch (java.io.IOException e) {
                return;
            }
            String up = Topics.responsesTo(m.topicName());
            if (c.deviceId().equals(OFFLINE) || m.topicName().contains(ASLEEP_CHF) || m.topicName().contains(PLAYED_CHF)) {
                return;
            }
            respond(up, new HubResponse(c.requestId(), HubResponse.DELIVERED, null, null));
            if (c.deviceId().equals(ANSWERS) || c.deviceId().equals(HUB) || c.deviceId().equals(KNOWN_FROM_EVENTS)) {
                respond(up, new HubResponse(c.requestId(), HubResponse.SUCCEEDED, "I0",
                        EventCodec.MAPPER.valueToTree(Map.of("importRegisterKwh", 1234.5, "srv", c.srv()))));
            } else if (c.deviceId().equals(FAILS)) {
                respond(up, new HubResponse(c.requestId(), HubResponse.FAILED, "E20", null));
            }
        });
        hub.connect(BrokerWatch.TEST_BROKER_PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hub.subscribe("meternet/v1/hubs/+/down/+/commands", 1).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        events = new BrokerWatch(Topics.eventsOf("gateway"));
    }

    static void problem(io.vertx.core.http.HttpServerResponse r, int status, String code, String detail) {
        r.setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("status", status).put("code", code).put("field", "deviceId").put("detail", detail).encode());
    }

    static void respond(String topic, HubResponse r) {
        hub.publish(topic, io.vertx.core.buffer.Buffer.buffer(EventCodec.MAPPER.valueToTree(r).toString()), MqttQoS.AT_LEAST_ONCE,
                false, false);
    }

    @AfterAll
    static void stop() {
        events.close();
        hub.disconnect();
        inventory.close();
        vertx.close();
    }

    static io.restassured.response.Response ask(String token, String srv, String deviceId) {
        return given().auth().oauth2(DevTokens.of(token)).contentType(ContentType.JSON)
                .body(Map.of("srv", srv, "deviceId", deviceId, "params", Map.of())).post("/api/v1/service-requests");
    }

    @Test
    void aDeviceThatAnswersWithinTheWaitIsAnsweredAtOnceWithI0AndItsReading() {
        JsonPath r = ask(DevTokens.SUPPLIER, "4.1.1", ANSWERS).then().statusCode(200).extract().jsonPath();
        assertThat(r.getString("responseCode")).isEqualTo("I0");
        assertThat(r.getString("request.state")).isEqualTo("SUCCEEDED");
        assertThat(r.getDouble("request.response.importRegisterKwh")).isEqualTo(1234.5);
        assertThat(r.getString("requestId")).startsWith("bright-energy:" + ANSWERS + ":");
        // its timeline: sent (even when the answer overtook the SENT mark), delivered, completed, in that order
        Instant sent = Instant.parse(r.getString("request.sentAt"));
        assertThat(sent).isAfterOrEqualTo(Instant.parse(r.getString("request.requestedAt")))
                .isBeforeOrEqualTo(Instant.parse(r.getString("request.deliveredAt")))
                .isBeforeOrEqualTo(Instant.parse(r.getString("request.completedAt")));
        // its end is announced for reports, with its latency
        String id = r.getString("requestId");
        JsonNode completed = Eventually.until("service-request.completed of " + id, () -> events.received().stream()
                .map(m -> json(m.bytes())).filter(e -> id.equals(e.path("data").path("requestId").asText()))
                .findFirst().orElse(null), e -> e != null);
        assertThat(completed.path("data").path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(completed.path("data").path("regionCode").asText()).isEqualTo("E12000004");
        assertThat(completed.path("data").path("latencyMs").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aDeviceThatAcknowledgesButNeverAnswersIsI99ThenTimedOutE21() {
        JsonPath r = ask(DevTokens.SUPPLIER, "7.4", SILENT).then().statusCode(202).header("Location", containsString("/api/v1/service-requests/"))
                .extract().jsonPath();
        assertThat(r.getString("responseCode")).isEqualTo("I99");
        String id = r.getString("requestId");
        Eventually.until("the request delivered", () -> "DELIVERED".equals(state(id)) || "TIMED_OUT".equals(state(id)));
        Eventually.until("the request timed out", () -> "TIMED_OUT".equals(state(id)));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/service-requests/" + id)
                .then().body("responseCode", equalTo("E21"));
    }

    @Test
    void aCommandNoHubTakesBeforeItsTimeToLiveExpires() {
        String id = ask(DevTokens.SUPPLIER, "11.2", OFFLINE).then().statusCode(202).extract().jsonPath().getString("requestId");
        assertThat(state(id)).isIn("SENT", "EXPIRED");
        Eventually.until("the request expired", () -> "EXPIRED".equals(state(id)));
    }

    @Test
    void aCommandForAHubThatIsOfflineIsHeldAndAnsweredWhenItReconnects() throws Exception {
        // the hub has a persistent session: subscribed once, then gone
        MqttClientOptions session = new MqttClientOptions().setClientId("asleep-hub-" + System.nanoTime()).setCleanSession(false)
                .setUsername("meternet-harness").setPassword("dev-meternet-harness");
        MqttClient asleep = MqttClient.create(vertx, session);
        asleep.connect(BrokerWatch.TEST_BROKER_PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        asleep.subscribe("meternet/v1/hubs/" + ASLEEP_CHF + "/down/+/commands", 1).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        asleep.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        String id = ask(DevTokens.SUPPLIER, "11.2", BEHIND_ASLEEP_HUB).then().statusCode(202).extract().jsonPath().getString("requestId");
        assertThat(state(id)).isEqualTo("SENT");

        MqttClient awake = MqttClient.create(vertx, session);
        awake.publishHandler(m -> {
            try {
                HubCommand c = EventCodec.MAPPER.readValue(m.payload().getBytes(), HubCommand.class);
                String up = Topics.responsesTo(m.topicName());
                for (HubResponse r : List.of(new HubResponse(c.requestId(), HubResponse.DELIVERED, null, null),
                        new HubResponse(c.requestId(), HubResponse.SUCCEEDED, "I0", EventCodec.MAPPER.valueToTree(Map.of("firmwareVersion", "1.0.3"))))) {
                    awake.publish(up, io.vertx.core.buffer.Buffer.buffer(EventCodec.MAPPER.valueToTree(r).toString()), MqttQoS.AT_LEAST_ONCE,
                            false, false);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            awake.connect(BrokerWatch.TEST_BROKER_PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Eventually.until("the held command answered once the hub is back", () -> "SUCCEEDED".equals(state(id)));
        } finally {
            awake.disconnect();
        }
    }

    @Test
    void aFailedCommandCarriesTheDevicesCode() {
        ask(DevTokens.SUPPLIER, "7.4", FAILS).then().statusCode(200).body("request.state", equalTo("FAILED"))
                .body("responseCode", equalTo("E20"));
    }

    @Test
    void theGatewayRefusesWhatDuisRefuses() {
        ask(DevTokens.NETWORK_OPERATOR, "7.1", ANSWERS).then().statusCode(403).body("code", equalTo("E2"));
        ask(DevTokens.SUPPLIER, "4.1.1", UNKNOWN).then().statusCode(404).body("code", equalTo("E19"));
        ask(DevTokens.SUPPLIER, "4.1.1", OTHER_SUPPLIERS).then().statusCode(403).body("code", equalTo("E4"));
        ask(DevTokens.SUPPLIER, "4.1.1", NOT_COMMISSIONED).then().statusCode(409).body("code", equalTo("E5"));
        ask(DevTokens.SUPPLIER, "4.1.1", HUB).then().statusCode(422).body("code", equalTo("E11"));
        ask(DevTokens.SUPPLIER, "99.9", ANSWERS).then().statusCode(400).body("code", equalTo("UNKNOWN_SRV")).body("field", equalTo("srv"));
        ask(DevTokens.SUPPLIER, "4.1.1", "not-a-device").then().statusCode(400).body("field", equalTo("deviceId"));
    }

    @Test
    void everyCallIsInTheAuditTrailWhichOnlyTheOperatorReads() {
        String id = ask(DevTokens.SUPPLIER, "4.1.1", ANSWERS).then().statusCode(200).extract().jsonPath().getString("requestId");
        ask(DevTokens.OTHER_SUPPLIER, "4.1.1", OTHER_SUPPLIERS).then().statusCode(403);
        List<Map<String, Object>> mine = Eventually.until("the call in the audit trail", () -> given()
                .auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/audit?srv=4.1.1&deviceId=" + ANSWERS + "&size=1000")
                .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("items"),
                items -> items.stream().anyMatch(e -> id.equals(e.get("requestId"))));
        Map<String, Object> entry = mine.stream().filter(e -> id.equals(e.get("requestId"))).findFirst().orElseThrow();
        assertThat(entry).containsEntry("org", "bright-energy").containsEntry("status", 200).containsEntry("method", "POST");
        assertThat(((Number) entry.get("latencyMs")).longValue()).isGreaterThanOrEqualTo(0);
        Eventually.until("the refusal in the audit trail, with its code", () -> given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR))
                .get("/api/v1/audit?org=volt-supply&deviceId=" + OTHER_SUPPLIERS + "&size=1000").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("items"),
                items -> items.stream().anyMatch(e -> "E4".equals(e.get("code")) && Integer.valueOf(403).equals(e.get("status"))));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/audit").then().statusCode(403);
    }

    @Test
    void anOrganisationOverItsRateIsToldToWaitWith429AndRetryAfter() {
        // all at once: called one after another, on a busy machine the calls themselves were slower than the rate
        int calls = 12;
        long start = System.nanoTime();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(calls);
        List<io.restassured.response.Response> answers;
        try {
            answers = IntStream.range(0, calls)
                    .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> ask(DevTokens.NETWORK_OPERATOR, "4.1.1", ANSWERS), callers))
                    .toList().stream().map(java.util.concurrent.CompletableFuture::join).toList();
        } finally {
            callers.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int refused = 0;
        for (var r : answers) {
            if (r.statusCode() == 429) {
                refused++;
                r.then().body("code", equalTo("RATE_LIMITED")).header("Retry-After", equalTo("1"));
            } else {
                // taken: answered within the wait (200), or later (202) when the machine is busy
                assertThat(r.statusCode()).as("a call within the rate").isIn(200, 202);
            }
        }
        // a burst of 4, then 2 a second for as long as the calls took
        int allowed = 4 + (int) Math.ceil(2 * seconds);
        assertThat(refused).as("calls refused of %d made in %.1f s (at most %d allowed)", calls, seconds, allowed)
                .isGreaterThanOrEqualTo(Math.max(1, calls - allowed));
        ask(DevTokens.SUPPLIER, "4.1.1", ANSWERS).then().statusCode(200); // another organisation is not held up
    }

    @Inject
    GatewayReplicas replicas;
    @Inject
    CallLimits limits;

    @Test
    void anOrganisationsRateIsSharedOutAmongTheGatewayReplicasServing() {
        Caller shared = new Caller("service-account-shared-test", "shared-test", Set.of("IS"), Set.of());
        Eventually.until("this replica announced alone", () -> replicas.count() == 1);
        List<Presence> others = IntStream.rangeClosed(2, 8).mapToObj(i -> new Presence(vertx, BrokerWatch.HARNESS, "gateway",
                "gateway-test-" + i, Duration.ofSeconds(10), System::nanoTime)).toList();
        try {
            others.forEach(p -> p.start().await().atMost(Duration.ofSeconds(10)));
            Eventually.until("eight replicas serving", () -> replicas.count() == 8);
            // 2 calls a second and a burst of 4 in all: here an eighth of the rate, and a burst of one call
            limits.take(shared);
            assertThatThrownBy(() -> limits.take(shared)).isInstanceOfSatisfying(RateLimitedException.class,
                    e -> assertThat(e.retryAfterSeconds()).as("a token every 4 s").isGreaterThanOrEqualTo(3));
        } finally {
            others.forEach(Presence::stop);
        }
        Eventually.until("the others' goodbyes heard", () -> replicas.count() == 1);
    }

    @Test
    void anOrganisationOverAnAnomalyThresholdIsQuarantinedUntilTheOperatorReleasesIt() {
        String north = DevTokens.OTHER_NETWORK_OPERATOR; // ED; 3 requests of SRV 6.2.7 an hour are allowed (test profile)
        BrokerWatch quarantined = new BrokerWatch(Topics.event("gateway", "organisation.quarantined"));
        try {
            for (int i = 0; i < 3; i++) {
                ask(north, "6.2.7", ANSWERS).then().statusCode(200);
            }
            ask(north, "6.2.7", ANSWERS).then().statusCode(403).body("code", equalTo("QUARANTINED"));
            ask(north, "4.1.1", ANSWERS).then().statusCode(403).body("code", equalTo("QUARANTINED")); // every SRV is held
            ask(DevTokens.SUPPLIER, "6.2.7", ANSWERS).then().statusCode(200); // another organisation is not
            Eventually.until("the operator alerted by organisation.quarantined", () -> quarantined.received().stream()
                    .map(m -> json(m.bytes())).anyMatch(e -> "north-networks".equals(e.path("data").path("org").asText())));
            given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/quarantines").then().statusCode(200)
                    .body("find { it.org == 'north-networks' }.srv", equalTo("6.2.7"));
            given().auth().oauth2(DevTokens.of(north)).post("/api/v1/quarantines/north-networks/release").then().statusCode(403);
            given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).post("/api/v1/quarantines/north-networks/release")
                    .then().statusCode(200).body("releasedAt", org.hamcrest.Matchers.notNullValue());
            ask(north, "6.2.7", ANSWERS).then().statusCode(200); // counting starts again from the release
        } finally {
            quarantined.close();
        }
    }

    @Test
    void aVariantTheInventoryAnswersIsAnsweredAtOnceAndRecordedLikeTheOthers() {
        JsonPath r = ask(DevTokens.SUPPLIER, "8.2", ANSWERS).then().statusCode(200).extract().jsonPath();
        assertThat(r.getString("responseCode")).isEqualTo("I0");
        assertThat(r.getString("request.response.deviceId")).isEqualTo(ANSWERS);
        assertThat(r.getString("request.state")).isEqualTo("SUCCEEDED");
        assertThat(r.getString("request.sentAt")).as("nothing was sent to a hub").isNull();
        ask(DevTokens.SUPPLIER, "8.2", UNKNOWN).then().statusCode(404).body("code", equalTo("E19"));
    }

    @Test
    void aVariantAddedByConfigurationIsOpenToItsRolesOnly() {
        ask(DevTokens.SUPPLIER, "6.15.1", ANSWERS).then().statusCode(200).body("responseCode", equalTo("I0"));
        ask(DevTokens.NETWORK_OPERATOR, "6.15.1", ANSWERS).then().statusCode(403).body("code", equalTo("E2"));
    }

    @Test
    void aDeviceKnownFromInstallationEventsIsAuthorisedFromTheGatewaysCopyAndFollowsAChangeOfSupplier() {
        DeviceState meter = new DeviceState(KNOWN_FROM_EVENTS, "ESME", "COMMISSIONED", "INSTALLED_NOT_COMMISSIONED", Instant.now(), CHF,
                "1100000000017", "ELECTRICITY", "9b2f6a0e-5a44-4c55-9d4c-3b1c5c0b7a11", "S44 6JJ", "E07000033", "E12000004", 11,
                "bright-energy", "SMETS2");
        events.publish(Topics.event("installation", EventType.DEVICE_COMMISSIONED.wireName()), EventCodec.encode(EventEnvelope.of(
                EventType.DEVICE_COMMISSIONED, Instant.now(), "installation", KNOWN_FROM_EVENTS, meter).withSequence(1)));
        // installation-service would answer E19: an I0 can only come from the gateway's copy
        Eventually.until("the supplier's request to be authorised from the projection",
                () -> ask(DevTokens.SUPPLIER, "4.1.1", KNOWN_FROM_EVENTS).then().extract().statusCode() == 200);

        events.publish(Topics.event("installation", EventType.SUPPLIER_CHANGED.wireName()), EventCodec.encode(EventEnvelope.of(
                EventType.SUPPLIER_CHANGED, Instant.now(), "installation", KNOWN_FROM_EVENTS, new SupplierChange(KNOWN_FROM_EVENTS,
                        "ESME", "bright-energy", "volt-supply", Instant.now().minusSeconds(1), 11)).withSequence(2)));
        Eventually.until("the gaining supplier to be authorised from the projection",
                () -> ask(DevTokens.OTHER_SUPPLIER, "4.1.1", KNOWN_FROM_EVENTS).then().extract().statusCode() == 200);
        // the losing supplier is no longer the copy's: installation-service decides, and does not know the device
        ask(DevTokens.SUPPLIER, "4.1.1", KNOWN_FROM_EVENTS).then().statusCode(404).body("code", equalTo("E19"));
    }

    @Test
    void aCounterMustIncreaseAndAReplayIsRejected() {
        long counter = System.currentTimeMillis();
        Map<String, Object> body = Map.of("srv", "11.2", "deviceId", HUB, "counter", counter);
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/service-requests").then().statusCode(200)
                .body("requestId", equalTo("volt-supply:" + HUB + ":" + counter));
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/service-requests").then().statusCode(409).body("code", equalTo("REPLAYED_REQUEST_ID"))
                .body("field", equalTo("counter"));
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).contentType(ContentType.JSON)
                .body(Map.of("srv", "11.2", "deviceId", HUB, "counter", counter - 1))
                .post("/api/v1/service-requests").then().statusCode(409).body("code", equalTo("REPLAYED_REQUEST_ID"));
        // a counter the gateway assigns afterwards is greater than the one the originator brought
        String assigned = given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).contentType(ContentType.JSON)
                .body(Map.of("srv", "11.2", "deviceId", HUB)).post("/api/v1/service-requests").then().statusCode(200)
                .extract().jsonPath().getString("requestId");
        assertThat(RequestId.parse(assigned).counter()).isGreaterThan(counter);
    }

    static io.restassured.response.Response send(String token, String json) {
        return given().auth().oauth2(DevTokens.of(token)).contentType(ContentType.JSON).body(json).post("/api/v1/service-requests");
    }

    @Test
    void aCounterOutOfRangeOrNotAWholeNumberIsRefusedWith400OnCounter() {
        for (String counter : List.of("0", "-1", "9007199254740992", "9223372036854775807", "9223372036854775808",
                "123456789012345678901234567890", "1e30", "1.5", "2.0", "\"12\"", "true", "{}", "[1]")) {
            send(DevTokens.SUPPLIER, "{\"srv\": \"11.2\", \"deviceId\": \"" + HUB + "\", \"counter\": " + counter + "}")
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("INVALID_COUNTER"))
                    .body("field", equalTo("counter"));
        }
        // for the variants the inventory answers too
        send(DevTokens.SUPPLIER, "{\"srv\": \"8.2\", \"deviceId\": \"" + ANSWERS + "\", \"counter\": 9223372036854775807}")
                .then().statusCode(400).body("field", equalTo("counter"));
        // the greatest in range is taken as it is
        long greatest = RequestId.MAX_COUNTER;
        assertThat(greatest).isEqualTo(9007199254740991L);
    }

    @Test
    void anOriginatorBringingTheGreatestCounterChangesNothingForAnother() {
        // the operator's requests (its organisation, meternet, is the originator) are made by this test alone
        send(DevTokens.OPERATOR, "{\"srv\": \"11.2\", \"deviceId\": \"" + HUB + "\", \"counter\": " + RequestId.MAX_COUNTER + "}")
                .then().statusCode(200).body("requestId", equalTo("meternet:" + HUB + ":" + RequestId.MAX_COUNTER));
        long before = RequestId.parse(ask(DevTokens.SUPPLIER, "11.2", HUB).then().statusCode(200).extract().jsonPath()
                .getString("requestId")).counter();
        assertThat(before).as("another organisation's counter comes from the sequence, untouched").isLessThan(1L << 40);
        // the originator that used the greatest counter can number no more requests itself; that is its own affair
        send(DevTokens.OPERATOR, "{\"srv\": \"11.2\", \"deviceId\": \"" + HUB + "\"}").then().statusCode(409)
                .body("code", equalTo("COUNTER_EXHAUSTED")).body("field", equalTo("counter"));
        send(DevTokens.OPERATOR, "{\"srv\": \"11.2\", \"deviceId\": \"" + HUB + "\", \"counter\": " + RequestId.MAX_COUNTER + "}")
                .then().statusCode(409).body("code", equalTo("REPLAYED_REQUEST_ID"));
        // another supplier (which may have brought counters of its own in another test) numbers on as well
        assertThat(RequestId.parse(ask(DevTokens.OTHER_SUPPLIER, "11.2", HUB).then().statusCode(200).extract().jsonPath()
                .getString("requestId")).counter()).isLessThan(RequestId.MAX_COUNTER);
        assertThat(RequestId.parse(ask(DevTokens.SUPPLIER, "11.2", HUB).then().statusCode(200).extract().jsonPath()
                .getString("requestId")).counter()).isGreaterThan(before);
    }

    @Inject
    ServiceRequestStore store;

    static ServiceRequestStore.NewRequest toThePlayedMeter(String originator, Long counter) {
        return new ServiceRequestStore.NewRequest(originator, counter, "4.1.1", PLAYED_METER, "ESME", PLAYED_CHF, "E12000004",
                "test", null, Instant.now().plusSeconds(300));
    }

    @Test
    void countersAssignedAfterAHugeOneTheOriginatorBroughtAreGreaterStillAndDistinctAtOnce() {
        String org = "huge-counter-" + System.nanoTime();
        String other = "untouched-" + System.nanoTime();
        long huge = 1L << 52;
        assertThat(store.open(toThePlayedMeter(org, huge)).await().atMost(Duration.ofSeconds(10)).counter()).isEqualTo(huge);
        List<Long> assigned = io.smallrye.mutiny.Uni.join().all(IntStream.range(0, 24)
                        .mapToObj(i -> store.open(toThePlayedMeter(org, null)).map(RequestId::counter)).toList())
                .andFailFast().await().atMost(Duration.ofSeconds(30));
        assertThat(assigned).doesNotHaveDuplicates().allSatisfy(c -> assertThat(c).isGreaterThan(huge));
        long last = assigned.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(store.open(toThePlayedMeter(org, null)).await().atMost(Duration.ofSeconds(10)).counter()).isGreaterThan(last);
        assertThat(store.open(toThePlayedMeter(other, null)).await().atMost(Duration.ofSeconds(10)).counter())
                .as("another originator's counter is not moved by it").isLessThan(huge);
    }

    @Inject
    MeterRegistry metrics;

    double rejected(String reason) {
        var c = metrics.find(HubLink.REJECTED).tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    static void respondOn(String chf, String device, HubResponse r) {
        respond(Topics.hubUp(DeviceId.parse(chf), DeviceId.parse(device), Topics.HubMessageKind.RESPONSES), r);
    }

    @Test
    void aResponseCountsOnlyFromTheHubTheCommandWentToForTheDeviceItWasFor() {
        String id = store.open(toThePlayedMeter("bright-energy", null)).await().atMost(Duration.ofSeconds(10)).toString();
        JsonNode forged = EventCodec.MAPPER.valueToTree(Map.of("importRegisterKwh", 0.0, "forgedBy", ANOTHER_CHF));
        double wrongHub = rejected("wrong_hub");
        double anotherDevice = rejected("request_for_another_device");
        double unknown = rejected("unknown_request");
        double malformed = rejected("malformed_request_id");

        // another hub, on its own topic, for the same device: the broker lets it publish there
        respondOn(ANOTHER_CHF, PLAYED_METER, new HubResponse(id, HubResponse.DELIVERED, null, null));
        respondOn(ANOTHER_CHF, PLAYED_METER, new HubResponse(id, HubResponse.SUCCEEDED, "I0", forged));
        // the right hub, on the topic of another of its devices
        respondOn(PLAYED_CHF, PLAYED_OTHER_METER, new HubResponse(id, HubResponse.SUCCEEDED, "I0", forged));
        // a request id the gateway never gave, and one that is none
        respondOn(ANOTHER_CHF, PLAYED_METER, new HubResponse("bright-energy:" + PLAYED_METER + ":" + (RequestId.MAX_COUNTER - 7),
                HubResponse.SUCCEEDED, "I0", forged));
        respondOn(ANOTHER_CHF, PLAYED_METER, new HubResponse(id + ":0", HubResponse.SUCCEEDED, "I0", forged));

        Eventually.until("the forged responses counted as rejected", () -> rejected("wrong_hub") >= wrongHub + 2
                && rejected("request_for_another_device") >= anotherDevice + 1 && rejected("unknown_request") >= unknown + 1
                && rejected("malformed_request_id") >= malformed + 1);
        JsonPath unchanged = given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/service-requests/" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(unchanged.getString("request.state")).isEqualTo("QUEUED");
        assertThat(unchanged.getString("request.deliveredAt")).isNull();
        assertThat(unchanged.<Object>get("request.response")).isNull();

        // the hub the command went to, for its device: that answer counts
        respondOn(PLAYED_CHF, PLAYED_METER, new HubResponse(id, HubResponse.SUCCEEDED, "I0",
                EventCodec.MAPPER.valueToTree(Map.of("importRegisterKwh", 42.5))));
        Eventually.until("the genuine answer applied", () -> "SUCCEEDED".equals(state(id)));
        JsonPath answered = given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/service-requests/" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(answered.getDouble("request.response.importRegisterKwh")).isEqualTo(42.5);
        assertThat(answered.<Object>get("request.response.forgedBy")).isNull();
        // the count is exposed for monitoring
        given().port(org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class))
                .get("/q/metrics").then().statusCode(200)
                .body(containsString("meternet_gateway_hub_responses_rejected_total{reason=\"wrong_hub\"}"));
    }

    @Test
    void noHubAnswersARequestTheInventoryAnswered() {
        String id = ask(DevTokens.SUPPLIER, "8.2", ANSWERS).then().statusCode(200).body("request.state", equalTo("SUCCEEDED"))
                .extract().jsonPath().getString("requestId");
        double notSent = rejected("not_sent_to_a_hub");
        respondOn(CHF, ANSWERS, new HubResponse(id, HubResponse.FAILED, "E20", null));
        Eventually.until("the hub's response counted as rejected", () -> rejected("not_sent_to_a_hub") >= notSent + 1);
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/service-requests/" + id).then().statusCode(200)
                .body("request.state", equalTo("SUCCEEDED")).body("responseCode", equalTo("I0"));
    }

    @Test
    void onlyTheOriginatorAndTheOperatorReadARequest() {
        String id = ask(DevTokens.SUPPLIER, "4.1.1", ANSWERS).then().statusCode(200).extract().jsonPath().getString("requestId");
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).get("/api/v1/service-requests/" + id)
                .then().statusCode(403).body("code", equalTo("E4"));
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/service-requests/" + id)
                .then().statusCode(200).body("request.state", equalTo("SUCCEEDED"));
    }

    static JsonNode json(byte[] bytes) {
        try {
            return EventCodec.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String state(String id) {
        return given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/service-requests/" + id)
                .then().statusCode(200).extract().jsonPath().getString("request.state");
    }
}
