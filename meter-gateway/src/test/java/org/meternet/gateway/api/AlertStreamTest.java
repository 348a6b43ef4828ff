package org.meternet.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.AlertRaised;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.Topics;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/** Alerts published by "messaging-service" on the real test broker, read as server-sent events through the gateway. */
@QuarkusTest
class AlertStreamTest {
    static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() * 10);
    static BrokerWatch broker;

    @TestHTTPResource("/api/v1/alerts/stream")
    URI stream;

    /** One open stream: the alerts it has received, as (id, alertId). */
    record Listener(List<String[]> received, Stream<String> lines) implements AutoCloseable {
        List<String> alertIds() {
            return received.stream().map(r -> r[1]).toList();
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    @BeforeAll
    static void connect() {
        broker = new BrokerWatch("meternet/v1/test/unused");
    }

    @AfterAll
    static void disconnect() {
        broker.close();
    }

    Listener listen(String client, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(stream).header("Authorization", "Bearer " + DevTokens.of(client))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String[]> received = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            String[] id = {null};
            try {
                r.body().forEach(line -> {
                    if (line.startsWith("id:")) {
                        id[0] = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        try {
                            received.add(new String[] {id[0], EventCodec.MAPPER.readTree(line.substring(5).trim()).get("alertId").asText()});
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Listener(received, r.body());
    }

    static String raise(List<String> entitled) {
        String alertId = "00-DB-00-00-00-00-00-A1/" + UUID.randomUUID();
        AlertRaised a = new AlertRaised(alertId, "00-DB-00-00-00-00-00-A1", "00-DB-00-00-00-00-00-C1", "0x8F3F", "Supply Outage",
                "POWER_OUTAGE", Instant.now(), "bright-energy", 11, entitled, "test");
        EventEnvelope e = EventEnvelope.of(EventType.ALERT_RAISED, Instant.now(), "messaging", a.deviceId(), a)
                .withSequence(SEQUENCE.incrementAndGet());
        broker.publish(Topics.event("messaging", e.type()), EventCodec.encode(e));
        return alertId;
    }

    @Test
    void aWebhookGetsItsOrganisationsAlertsInOrderAndAgainAfterAFailure() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        List<String> delivered = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean refuseNext = new java.util.concurrent.atomic.AtomicBoolean(true);
        var server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            if (refuseNext.getAndSet(false)) {
                req.response().setStatusCode(503).end(); // the first delivery fails: it must come again
                return;
            }
            delivered.add(new io.vertx.core.json.JsonObject(b).getString("alertId"));
            req.response().setStatusCode(204).end();
        })).listen(18182, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            String hook = io.restassured.RestAssured.given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER))
                    .contentType("application/json").body(Map.of("url", "http://127.0.0.1:18182/alerts"))
                    .post("/api/v1/alerts/webhooks").then().statusCode(201).extract().jsonPath().getString("webhookId");
            String one = raise(List.of("volt-supply"));
            String notOurs = raise(List.of("bright-energy"));
            String two = raise(List.of("volt-supply"));
            Eventually.until("both alerts delivered to the webhook", () -> delivered.containsAll(List.of(one, two)));
            assertThat(delivered).containsSubsequence(one, two).doesNotContain(notOurs);
            assertThat(delivered.stream().filter(one::equals).count()).as("delivered once it was taken").isEqualTo(1);
            io.restassured.RestAssured.given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).delete("/api/v1/alerts/webhooks/" + hook)
                    .then().statusCode(404); // another organisation's webhook
            io.restassured.RestAssured.given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).delete("/api/v1/alerts/webhooks/" + hook)
                    .then().statusCode(204);
        } finally {
            server.close();
            vertx.close();
        }
    }

    /** Registration of inside addresses (SSRF): refused before anything is stored or connected to. No lookup leaves the machine. */
    @Test
    void webhooksToInsideAddressesAreRefused() {
        List<String> refused = List.of(
                "http://127.0.0.1:8081/api/v1/devices", // installation-service
                "http://127.0.0.1:8180/admin/realms/meternet/users", // Keycloak's admin API
                "http://127.0.0.1/alerts",
                "http://127.0.0.1:18183/alerts", // loopback, a port no allowance names
                "http://127.0.0.2:18182/alerts", // the allowed port, another loopback address
                "http://localhost/alerts",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]/alerts",
                "http://[::ffff:127.0.0.1]/alerts",
                "http://[64:ff9b::7f00:1]/alerts",
                "http://0x7f000001/alerts",
                "http://2130706433/alerts",
                "http://017700000001/alerts",
                "http://127.1/alerts",
                "http://0.0.0.0/alerts",
                "http://10.0.0.1/alerts",
                "http://172.16.0.1/alerts",
                "http://192.168.0.1/alerts",
                "http://100.64.0.1/alerts",
                "http://[fd00::1]/alerts",
                "http://[fe80::1]/alerts",
                "http://224.0.0.1/alerts",
                "http://255.255.255.255/alerts",
                "http://user:secret@127.0.0.1:18182/alerts",
                "ftp://example.com/alerts",
                "file:///etc/passwd",
                "http://127.0.0.1:18182/" + "a".repeat(2100));
        for (String url : refused) {
            var problem = io.restassured.RestAssured.given().auth().oauth2(DevTokens.of(DevTokens.OTHER_NETWORK_OPERATOR))
                    .contentType("application/json").body(Map.of("url", url)).post("/api/v1/alerts/webhooks")
                    .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
            assertThat(problem.getString("code")).as(url).isIn("WEBHOOK_URL_NOT_ALLOWED", "INVALID_URL");
            assertThat(problem.getString("field")).as(url).isEqualTo("url");
            assertThat(problem.getInt("status")).as(url).isEqualTo(400);
        }
        io.restassured.RestAssured.given().auth().oauth2(DevTokens.of(DevTokens.OTHER_NETWORK_OPERATOR))
                .contentType("application/json").body(Map.of("url", "http://127.0.0.1:8081/")).post("/api/v1/alerts/webhooks")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("WEBHOOK_URL_NOT_ALLOWED"));
        List<String> registered = io.restassured.RestAssured.given().auth().oauth2(DevTokens.of(DevTokens.OTHER_NETWORK_OPERATOR))
                .get("/api/v1/alerts/webhooks").then().statusCode(200).extract().jsonPath().getList("url", String.class);
        assertThat(registered).noneMatch(refused::contains);
    }

    /** An organisation has at most its cap of webhooks (3 in tests); a failed delivery says only what kind of failure. */
    @Test
    void anOrganisationHasAtMostItsCapOfWebhooksAndLearnsOnlyTheKindOfAFailure() {
        String token = DevTokens.of(DevTokens.OTHER_NETWORK_OPERATOR);
        List<String> hooks = new java.util.ArrayList<>();
        try {
            for (String path : List.of("a", "b", "c")) {
                // 127.0.0.1:18189: allowed in tests by exact address and port; nothing listens there
                hooks.add(io.restassured.RestAssured.given().auth().oauth2(token).contentType("application/json")
                        .body(Map.of("url", "http://127.0.0.1:18189/" + path)).post("/api/v1/alerts/webhooks")
                        .then().statusCode(201).extract().jsonPath().getString("webhookId"));
            }
            io.restassured.RestAssured.given().auth().oauth2(token).contentType("application/json")
                    .body(Map.of("url", "http://127.0.0.1:18189/d")).post("/api/v1/alerts/webhooks")
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("code", org.hamcrest.Matchers.equalTo("WEBHOOK_LIMIT_REACHED"));
            io.restassured.RestAssured.given().auth().oauth2(token).delete("/api/v1/alerts/webhooks/" + hooks.remove(0)).then().statusCode(204);
            hooks.add(io.restassured.RestAssured.given().auth().oauth2(token).contentType("application/json")
                    .body(Map.of("url", "http://127.0.0.1:18189/d")).post("/api/v1/alerts/webhooks")
                    .then().statusCode(201).extract().jsonPath().getString("webhookId"));

            raise(List.of("north-networks"));
            Eventually.until("the failed delivery reported", () -> io.restassured.RestAssured.given().auth().oauth2(token)
                    .get("/api/v1/alerts/webhooks").then().statusCode(200).extract().jsonPath().getList("lastError", String.class)
                    .stream().filter(java.util.Objects::nonNull).count() == hooks.size());
            var listed = io.restassured.RestAssured.given().auth().oauth2(token).get("/api/v1/alerts/webhooks").then().extract().jsonPath();
            assertThat(listed.getList("lastError", String.class)).containsOnly("connection refused");
            assertThat(listed.getList("failures", Integer.class)).allMatch(f -> f >= 1);
        } finally {
            hooks.forEach(h -> io.restassured.RestAssured.given().auth().oauth2(token).delete("/api/v1/alerts/webhooks/" + h));
        }
    }

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /**
     * A webhook stored before these rules, or whose name has come to resolve inside (DNS rebinding), is checked again
     * at delivery: not connected to, and its owner told only "address not allowed".
     */
    @Test
    void aWebhookThatNowPointsInsideIsNotDeliveredTo() {
        String org = "rebinding-test-" + UUID.randomUUID();
        UUID byName = UUID.randomUUID();
        UUID byAddress = UUID.randomUUID();
        // port 80 is allowed in tests, loopback is not (but by the allowances' exact address and port); localhost resolves to it
        for (Object[] hook : List.of(new Object[] {byName, "http://localhost/x"}, new Object[] {byAddress, "http://127.0.0.1/x"})) {
            pool.preparedQuery("insert into alert_webhook (id, org, url, last_delivered) values ($1, $2, $3, (select coalesce(max(id), 0) from user_alert))")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(hook[0], org, hook[1])).await().indefinitely();
        }
        try {
            raise(List.of(org));
            Eventually.until("both deliveries refused", () -> pool.preparedQuery("select count(*) from alert_webhook where org = $1 and last_error is not null")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(org)).await().indefinitely().iterator().next().getLong(0) == 2);
            var rows = pool.preparedQuery("select last_error, last_delivered, failures from alert_webhook where org = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(org)).await().indefinitely();
            rows.forEach(r -> {
                assertThat(r.getString(0)).isEqualTo("address not allowed");
                assertThat(r.getInteger(2)).isGreaterThanOrEqualTo(1);
            });
        } finally {
            pool.preparedQuery("delete from alert_webhook where org = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(org)).await().indefinitely();
        }
    }

    @Test
    void eachOrganisationGetsTheAlertsItIsEntitledToAndAReconnectionGetsWhatItMissed() throws Exception {
        String first;
        String firstId;
        try (Listener supplier = listen(DevTokens.SUPPLIER, null); Listener other = listen(DevTokens.OTHER_SUPPLIER, null)) {
            first = raise(List.of("bright-energy", "em-networks"));
            String forOther = raise(List.of("volt-supply"));
            Eventually.until("bright-energy's alert on its stream", () -> supplier.alertIds().contains(first));
            Eventually.until("volt-supply's alert on its stream", () -> other.alertIds().contains(forOther));
            assertThat(supplier.alertIds()).doesNotContain(forOther);
            assertThat(other.alertIds()).doesNotContain(first);
            firstId = supplier.received().stream().filter(r -> r[1].equals(first)).findFirst().orElseThrow()[0];
        }
        String missed = raise(List.of("bright-energy"));
        try (Listener again = listen(DevTokens.SUPPLIER, firstId)) {
            Eventually.until("the alert raised while disconnected", () -> again.alertIds().contains(missed));
            assertThat(again.alertIds()).doesNotContain(first);
        }
        try (Listener operator = listen(DevTokens.OPERATOR, "0")) {
            Eventually.until("the operator sees every alert", () -> operator.alertIds().containsAll(List.of(first, missed)));
        }
    }
}
