package org.meternet.messaging.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.Topics;
import org.meternet.platform.hub.ReadingMessage;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/** messaging-service fed through the real test broker: installation events in, hub readings in. */
@QuarkusTest
class IngestionTest {
    static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());
    static BrokerWatch broker;

    @Inject
    Pool pool;

    @Inject
    org.meternet.messaging.persistence.ReadingPartitions partitions;

    @BeforeAll
    static void connect() {
        broker = new BrokerWatch("meternet/v1/test/unused");
    }

    @AfterAll
    static void disconnect() {
        broker.close();
    }

    static DeviceId newId() {
        String hex = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return DeviceId.parse("00DB" + hex);
    }

    static void installationEvent(EventType type, DeviceId device, String deviceType, String status, DeviceId chf) throws Exception {
        DeviceState state = new DeviceState(device.value(), deviceType, status, null, Instant.now(), chf == null ? null : chf.value(),
                "ESME".equals(deviceType) ? "1100123456782" : null, null, UUID.randomUUID().toString(), "S44 6JJ",
                "E07000033", "E12000004", 11, "bright-energy", "SMETS2");
        EventEnvelope e = EventEnvelope.of(type, Instant.now(), "installation", device.value(), state)
                .withSequence(SEQUENCE.incrementAndGet());
        broker.publish(Topics.event("installation", type.wireName()), EventCodec.encode(e));
    }

    static void commission(DeviceId hub, DeviceId meter) throws Exception {
        installationEvent(EventType.DEVICE_COMMISSIONED, hub, "CHF", "COMMISSIONED", null);
        installationEvent(EventType.DEVICE_COMMISSIONED, meter, "ESME", "COMMISSIONED", hub);
        Eventually.until("the meter to be accepted", () -> given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER))
                .get("/api/v1/devices/" + meter + "/connectivity").then().extract().statusCode() == 200
                && Boolean.TRUE.equals(given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER))
                        .get("/api/v1/devices/" + meter + "/connectivity").then().extract().path("acceptsTraffic")));
    }

    static ReadingMessage reading(DeviceId meter, long wh) {
        return new ReadingMessage(1, UUID.randomUUID().toString(), meter.value(), Instant.now(), wh, 0L, null);
    }

    static void publish(DeviceId hub, DeviceId meter, Object payload) throws Exception {
        broker.publish(Topics.hubUp(hub, meter, Topics.HubMessageKind.READINGS), EventCodec.MAPPER.writeValueAsBytes(payload));
    }

    List<String> storedMessageIds(DeviceId meter) {
        return given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(200).extract().jsonPath().getList("messageId");
    }

    long deadLetters(String code, DeviceId device) {
        return pool.preparedQuery("select count(*) from dead_letter where code = $1 and topic like $2")
                .execute(Tuple.of(code, "%" + device.value() + "%")).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    @Test
    void aCommissionedMetersReadingIsStoredOnceWhateverTheRedeliveries() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);

        ReadingMessage first = reading(meter, 1000);
        publish(hub, meter, first);
        publish(hub, meter, first); // a hub retry: same messageId
        ReadingMessage second = reading(meter, 1010);
        publish(hub, meter, second);

        Eventually.until("both readings stored", () -> storedMessageIds(meter).contains(second.messageId()));
        assertThat(storedMessageIds(meter)).containsExactly(first.messageId(), second.messageId());
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings").then()
                .body("[0].importWh", equalTo(1000));
    }

    @Test
    void trafficTheSmiDoesNotAllowIsDeadLetteredWithItsReason() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        DeviceId strangerHub = newId();
        DeviceId unknown = newId();

        publish(strangerHub, meter, reading(meter, 5));                        // meter is not on that hub's HAN
        publish(hub, unknown, reading(unknown, 5));                            // not in the inventory
        broker.publish(Topics.hubUp(hub, meter, Topics.HubMessageKind.READINGS),
                "{not json".getBytes(StandardCharsets.UTF_8));                 // malformed
        publish(hub, meter, reading(newId(), 5));                              // payload names another device
        ReadingMessage good = reading(meter, 7);
        publish(hub, meter, good);                                             // the consumer is not stuck

        Eventually.until("the good reading after the bad ones", () -> storedMessageIds(meter).contains(good.messageId()));
        assertThat(deadLetters("WRONG_HUB", strangerHub)).isEqualTo(1);
        assertThat(deadLetters("E19", unknown)).isEqualTo(1);
        assertThat(deadLetters("MALFORMED", meter)).isEqualTo(1);
        assertThat(deadLetters("DEVICE_MISMATCH", meter)).isEqualTo(1);
        assertThat(storedMessageIds(meter)).containsExactly(good.messageId());
    }

    @Test
    void readingsAreServedOnlyToThoseEntitledToTheDevice() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(403).body("code", equalTo("E4"));
        given().auth().oauth2(DevTokens.of(DevTokens.NETWORK_OPERATOR)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(200);
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + newId() + "/readings")
                .then().statusCode(404).body("code", equalTo("E19"));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings?from=yesterday")
                .then().statusCode(400).body("field", equalTo("from"));
        given().get("/api/v1/devices/" + meter + "/readings").then().statusCode(401);
    }

    @Test
    void afterAChangeOfSupplierOnlyTheGainingSupplierReadsTheMeter() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        EventEnvelope change = EventEnvelope.of(EventType.SUPPLIER_CHANGED, Instant.now(), "installation", meter.value(),
                new org.meternet.platform.event.SupplierChange(meter.value(), "ESME", "bright-energy", "volt-supply",
                        Instant.now().minusSeconds(1), 11)).withSequence(SEQUENCE.incrementAndGet());
        broker.publish(Topics.event("installation", change.type()), EventCodec.encode(change));
        Eventually.until("the gaining supplier to be registered", () -> given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER))
                .get("/api/v1/devices/" + meter + "/readings").then().extract().statusCode() == 200);
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(403).body("code", equalTo("E4"));
    }

    @Test
    void readingsLandInTheirMonthsPartitionAndMonthsPastRetentionAreDropped() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        ReadingMessage now = reading(meter, 42);
        publish(hub, meter, now);
        Eventually.until("the reading stored", () -> storedMessageIds(meter).contains(now.messageId()));
        String month = String.format("reading_y%04dm%02d", java.time.YearMonth.now(java.time.ZoneOffset.UTC).getYear(),
                java.time.YearMonth.now(java.time.ZoneOffset.UTC).getMonthValue());
        long inMonth = pool.preparedQuery("select count(*) from " + month + " where device_id = $1")
                .execute(Tuple.of(meter.value())).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertThat(inMonth).isEqualTo(1);

        pool.query("create table if not exists reading_y2019m01 partition of reading "
                + "for values from ('2019-01-01T00:00:00Z') to ('2019-02-01T00:00:00Z')").execute()
                .await().atMost(Duration.ofSeconds(5));
        partitions.maintain().await().atMost(Duration.ofSeconds(30));
        long old = pool.query("select count(*) from pg_class where relname = 'reading_y2019m01'").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertThat(old).isZero();
    }
}
