package org.meternet.messaging.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.meternet.messaging.api.TelemetryFixture.*;

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
import org.meternet.platform.hub.RegisterRead;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/** messaging-service fed through the real test broker: installation events in, hub readings in. */
@QuarkusTest
class IngestionTest {
    static final BrokerWatch broker = TelemetryFixture.broker();

    @Inject
    Pool pool;

    @Inject
    org.meternet.messaging.persistence.ReadingPartitions partitions;

    /** The register reads stored for a meter, in the order the readings API serves them (device time). */
    List<String> storedMessageIds(DeviceId meter) {
        List<String> ids = new java.util.ArrayList<>();
        pool.preparedQuery("select message_id from reading where device_id = $1 order by device_time")
                .execute(Tuple.of(meter.value())).await().atMost(Duration.ofSeconds(5)).forEach(r -> ids.add(r.getString(0)));
        return ids;
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

        RegisterRead first = reading(meter, 1000);
        publish(hub, meter, first);
        publish(hub, meter, first); // a hub retry: same messageId
        RegisterRead second = reading(meter, 1010);
        publish(hub, meter, second);

        Eventually.until("both readings stored", () -> storedMessageIds(meter).contains(second.messageId()));
        assertThat(storedMessageIds(meter)).containsExactly(first.messageId(), second.messageId());
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings").then()
                .body("granularity", equalTo("daily")).body("consent", equalTo("DAILY"))
                .body("readings[0].importWh", equalTo(1000)).body("readings[0].source", equalTo("register-read"));
    }

    @Test
    void readingsArriveInAnyOrderAndAreKeptInDeviceTimeOrder() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        Instant t = Instant.now().minusSeconds(3600);
        RegisterRead late = reading(meter, 300, t.plusSeconds(1800));
        RegisterRead early = reading(meter, 100, t);
        RegisterRead middle = reading(meter, 200, t.plusSeconds(900));
        publish(hub, meter, late);
        publish(hub, meter, early);
        publish(hub, meter, middle);
        Eventually.until("three readings stored", () -> storedMessageIds(meter).size() == 3);
        assertThat(storedMessageIds(meter)).containsExactly(early.messageId(), middle.messageId(), late.messageId());
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
        broker.publish(Topics.hubUp(hub, meter, Topics.HubMessageKind.READINGS),
                ("{\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"x\",\"deviceTime\":\"" + Instant.now()
                        + "\",\"importWh\":\"lots\"}").getBytes(StandardCharsets.UTF_8));   // wrong type
        broker.publish(Topics.hubUp(hub, meter, Topics.HubMessageKind.READINGS),
                ("{\"schemaVersion\":1,\"kind\":\"weather\",\"messageId\":\"y\"}").getBytes(StandardCharsets.UTF_8));
        broker.publish(Topics.hubUp(hub, meter, Topics.HubMessageKind.READINGS),
                ("{\"pad\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8));             // oversize
        publish(hub, meter, org.meternet.platform.hub.DeviceAlert.of("a1", meter.value(), Instant.now(), "8F35", null)); // alert on readings
        // PostgreSQL refuses a NUL character in text: the batch is retried one by one, and that message parked
        publish(hub, meter, RegisterRead.of("nul\u0000id", meter.value(), Instant.now(), 9L, null, null));
        RegisterRead good = reading(meter, 7);
        publish(hub, meter, good);                                             // the consumer is not stuck

        Eventually.until("the good reading after the bad ones", () -> storedMessageIds(meter).contains(good.messageId()));
        assertThat(deadLetters("WRONG_HUB", strangerHub)).isEqualTo(1);
        assertThat(deadLetters("E19", unknown)).isEqualTo(1);
        assertThat(deadLetters("MALFORMED", meter)).isEqualTo(2);
        assertThat(deadLetters("DEVICE_MISMATCH", meter)).isEqualTo(1);
        assertThat(deadLetters("UNKNOWN_KIND", meter)).isEqualTo(1);
        assertThat(deadLetters("OVERSIZE", meter)).isEqualTo(1);
        assertThat(deadLetters("WRONG_TOPIC", meter)).isEqualTo(1);
        assertThat(deadLetters("STORE_FAILED", meter)).isEqualTo(1);
        String typeField = pool.preparedQuery("select field from dead_letter where code = 'MALFORMED' and field is not null "
                + "and topic like $1").execute(Tuple.of("%" + meter.value() + "%")).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getString(0);
        assertThat(typeField).isEqualTo("importWh");
        assertThat(storedMessageIds(meter)).containsExactly(good.messageId());
    }

    @Test
    void readingsAreServedOnlyToThoseEntitledToTheDevice() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(403).body("code", equalTo("E4"));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings?granularity=hourly")
                .then().statusCode(400).body("field", equalTo("granularity"));
        given().auth().oauth2(DevTokens.of(DevTokens.NETWORK_OPERATOR)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(200);
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + newId() + "/readings")
                .then().statusCode(404).body("code", equalTo("E19"));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings?from=yesterday")
                .then().statusCode(400).body("field", equalTo("from"));
        given().get("/api/v1/devices/" + meter + "/readings").then().statusCode(401);
    }

    @Test
    void afterAChangeOfSupplierOnlyTheGainingSupplierReadsTheMetersNewReadings() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        String mpan = newMpan();
        commission(hub, meter, mpan);
        Instant effective = Instant.now().minusSeconds(1);
        EventEnvelope change = EventEnvelope.of(EventType.SUPPLIER_CHANGED, Instant.now(), "installation", meter.value(),
                new org.meternet.platform.event.SupplierChange(meter.value(), "ESME", "bright-energy", "volt-supply",
                        effective, 11)).withSequence(TelemetryFixture.SEQUENCE.incrementAndGet());
        broker.publish(Topics.event("installation", change.type()), EventCodec.encode(change));
        Eventually.until("the gaining supplier to be registered", () -> given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER))
                .get("/api/v1/devices/" + meter + "/readings").then().extract().statusCode() == 200);
        publish(hub, meter, reading(meter, 7, effective.plusMillis(500)));
        Eventually.until("the reading stored", () -> storedMessageIds(meter).size() == 1);
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("level", "HALF_HOURLY")).put("/api/v1/metering-points/" + mpan + "/consent").then().statusCode(200);
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).get("/api/v1/devices/" + meter + "/readings?granularity=register")
                .then().statusCode(200).body("readings.size()", equalTo(1));
        // the losing supplier keeps only its own past: nothing from the change on (not even today's daily value, which
        // would come from that reading), and no say over the meter now
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings?granularity=daily")
                .then().statusCode(200).body("readings.size()", equalTo(0));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/connectivity")
                .then().statusCode(403).body("code", equalTo("E4"));
    }

    @Test
    void readingsLandInTheirMonthsPartitionAndMonthsPastRetentionAreDropped() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        RegisterRead now = reading(meter, 42);
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
