package org.meternet.reporting.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.Topics;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/** reporting-service fed with installation events through the real test broker. */
@QuarkusTest
class RolloutReportTest {
    static final String HARTLEPOOL = "E06000001"; // 40,930 households
    static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());
    static BrokerWatch broker;

    @BeforeAll
    static void connect() {
        broker = new BrokerWatch("meternet/v1/test/unused");
    }

    @AfterAll
    static void disconnect() {
        broker.close();
    }

    static EventEnvelope event(EventType type, String deviceId, String deviceType, String premisesId, Instant at) {
        DeviceState d = new DeviceState(deviceId, deviceType, type == EventType.DEVICE_COMMISSIONED ? "COMMISSIONED" : "DECOMMISSIONED",
                null, at, null, null, null, premisesId, "TS24 7AA", HARTLEPOOL, "E12000001", 23, "bright-energy", "SMETS2");
        return EventEnvelope.of(type, at, "installation", deviceId, d).withSequence(SEQUENCE.incrementAndGet());
    }

    static void publish(EventEnvelope e) {
        broker.publish(Topics.event("installation", e.type()), EventCodec.encode(e));
    }

    static String id() {
        return "00-DB-" + UUID.randomUUID().toString().substring(0, 14).replace("-", "").replaceAll("(..)(?!$)", "$1-").toUpperCase();
    }

    static long meters(String date) {
        return given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).queryParam("date", date)
                .get("/api/v1/reports/take-up/" + HARTLEPOOL).then().statusCode(200)
                .extract().jsonPath().getLong("takeUp.commissionedMeters");
    }

    static long awaitMeters(String date, LongPredicate done) {
        return Eventually.until("the report at " + date, () -> meters(date), done::test);
    }

    static long premises(String date) {
        return given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).queryParam("date", date)
                .get("/api/v1/reports/take-up/" + HARTLEPOOL).then().extract().jsonPath().getLong("takeUp.premisesWithSmartMeter");
    }

    @Test
    void aDualFuelHomeIsTwoMetersButOneHouseholdAndRedeliveryCountsOnce() {
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).toString();
        long metersBefore = meters(today);
        long premisesBefore = premises(today);
        String home = UUID.randomUUID().toString();
        EventEnvelope electricity = event(EventType.DEVICE_COMMISSIONED, id(), "ESME", home, Instant.now().minusSeconds(60));
        EventEnvelope gas = event(EventType.DEVICE_COMMISSIONED, id(), "GSME", home, Instant.now().minusSeconds(60));
        publish(electricity);
        publish(gas);
        publish(electricity); // redelivered
        publish(event(EventType.DEVICE_COMMISSIONED, id(), "CHF", home, Instant.now().minusSeconds(60))); // not a meter

        assertThat(awaitMeters(today, n -> n >= metersBefore + 2)).isEqualTo(metersBefore + 2);
        assertThat(premises(today)).isEqualTo(premisesBefore + 1);
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/reports/take-up/" + HARTLEPOOL).then()
                .statusCode(200)
                .body("takeUp.households", equalTo(40930))
                .body("takeUp.localAuthorityName", equalTo("Hartlepool"))
                .body("takeUp.regionName", equalTo("North East"));

        publish(event(EventType.DEVICE_DECOMMISSIONED, gas.subject(), "GSME", home, Instant.now()));
        assertThat(awaitMeters(today, n -> n == metersBefore + 1)).isEqualTo(metersBefore + 1);
    }

    @Test
    void aReportAtADateCountsWhatWasCommissionedByTheEndOfThatDayInLondon() {
        // 23:30 UTC on 21 May 2019 is 00:30 on 22 May in London (BST)
        Instant lateEvening = Instant.parse("2019-05-21T23:30:00Z");
        long on21Before = meters("2019-05-21");
        long on22Before = meters("2019-05-22");
        publish(event(EventType.DEVICE_COMMISSIONED, id(), "ESME", UUID.randomUUID().toString(), lateEvening));
        awaitMeters("2019-05-22", n -> n == on22Before + 1);
        assertThat(meters("2019-05-21")).isEqualTo(on21Before);
    }

    @Test
    void badQueriesAreProblems() {
        String token = DevTokens.of(DevTokens.OPERATOR);
        given().auth().oauth2(token).get("/api/v1/reports/take-up/E99999999").then().statusCode(400)
                .body("code", equalTo("INVALID_LOCAL_AUTHORITY"));
        given().auth().oauth2(token).get("/api/v1/reports/take-up/E06999999").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_LOCAL_AUTHORITY"));
        given().auth().oauth2(token).queryParam("date", "21/05/2019").get("/api/v1/reports/take-up/" + HARTLEPOOL).then()
                .statusCode(400).body("field", equalTo("date"));
        given().get("/api/v1/reports/take-up/" + HARTLEPOOL).then().statusCode(401);
    }
}
