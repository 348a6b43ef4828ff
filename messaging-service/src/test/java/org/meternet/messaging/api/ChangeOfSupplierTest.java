package org.meternet.messaging.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.meternet.messaging.api.TelemetryFixture.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.Topics.HubMessageKind;
import org.meternet.platform.hub.DailyReadLog;
import org.meternet.platform.hub.DeviceAlert;
import org.meternet.platform.hub.HalfHourlyProfile;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.mqtt.InboundMessage;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/**
 * Security issue 14: a change of supplier must not hand the gaining supplier the meter's past, nor leave the losing one
 * its future. Bright Energy (A) is registered when the meter is commissioned; Volt Supply (B) takes it over at T, A
 * takes it back at T2; each is served readings, consent and alerts only for its own time.
 */
@QuarkusTest
class ChangeOfSupplierTest {
    static final ZoneId GB = ZoneId.of("Europe/London");
    static final String A = DevTokens.SUPPLIER;          // bright-energy
    static final String B = DevTokens.OTHER_SUPPLIER;    // volt-supply

    @Inject
    Pool pool;

    /** The times of the readings a caller is served. */
    static List<String> times(String token, DeviceId meter, String granularity, String window) {
        return given().auth().oauth2(DevTokens.of(token))
                .get("/api/v1/devices/" + meter + "/readings?granularity=" + granularity + "&limit=5000" + window)
                .then().statusCode(200).extract().jsonPath().getList("readings.time", String.class);
    }

    static List<String> times(String token, DeviceId meter, String granularity) {
        return times(token, meter, granularity, "&from=2000-01-01T00:00:00Z");
    }

    static List<String> text(Instant... instants) {
        return Stream.of(instants).map(Instant::toString).toList();
    }

    static Instant dayStart(LocalDate d) {
        return d.atStartOfDay(GB).toInstant();
    }

    long registrations(DeviceId meter) {
        return pool.preparedQuery("select count(*) from device_supplier where device_id = $1").execute(Tuple.of(meter.value()))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    /** The consumer's half-hourly consent, as each supplier recorded it during its registration (recorded_at in it). */
    void consentRecordedAt(String mpan, String org, Instant at) {
        pool.preparedQuery("insert into metering_point_consent (mpxn, level, recorded_by, recorded_at) values ($1, 'HALF_HOURLY', $2, $3)")
                .execute(Tuple.of(mpan, org, at.atOffset(ZoneOffset.UTC))).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void afterAChangeOfSupplierAndBackEachSupplierReadsOnlyItsOwnPeriodsAtEveryGranularity() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        String mpan = newMpan();
        commission(hub, meter, mpan);
        LocalDate d = LocalDate.now(GB).minusDays(20);
        Instant t = dayStart(d).plus(Duration.ofHours(12));
        Instant t2 = dayStart(d.plusDays(3)).plus(Duration.ofHours(12));
        consentRecordedAt(mpan, "bright-energy", t.minus(Duration.ofDays(1)));
        consentRecordedAt(mpan, "volt-supply", t.plus(Duration.ofHours(1)));
        consentRecordedAt(mpan, "bright-energy", t2.plus(Duration.ofHours(1)));

        // stored while A is registered: register reads, a daily read log (no entry for D+3), two profiles around T and T2
        Instant[] reads = {t.minus(Duration.ofHours(1)), t.minusMillis(1), t, t.plus(Duration.ofHours(1)), t2.minusMillis(1), t2,
            t2.plus(Duration.ofHours(1))};
        for (int i = 0; i < reads.length; i++) {
            publish(hub, meter, reading(meter, 1000 + i, reads[i]));
        }
        List<DailyReadLog.Day> days = new ArrayList<>();
        for (int i = -1; i <= 4; i++) {
            if (i != 3) {
                days.add(new DailyReadLog.Day(d.plusDays(i), 5000L + i, 0L, null));
            }
        }
        publish(hub, meter, DailyReadLog.of(UUID.randomUUID().toString(), meter.value(), Instant.now(), days));
        List<Long> four = List.of(1L, 2L, 3L, 4L);
        publish(hub, meter, HalfHourlyProfile.of(UUID.randomUUID().toString(), meter.value(), Instant.now(),
                t.minus(Duration.ofHours(1)), four, null, null));
        publish(hub, meter, HalfHourlyProfile.of(UUID.randomUUID().toString(), meter.value(), Instant.now(),
                t2.minus(Duration.ofHours(1)), four, null, null));
        Eventually.until("everything stored", () -> times(DevTokens.OPERATOR, meter, "register").size() == 7
                && times(DevTokens.OPERATOR, meter, "half-hourly").size() == 8
                && times(DevTokens.OPERATOR, meter, "daily").size() == 6);
        // before any change B is not the supplier: nothing
        given().auth().oauth2(DevTokens.of(B)).get("/api/v1/devices/" + meter + "/readings").then().statusCode(403)
                .body("code", equalTo("E4"));

        // B takes the meter over at T (as POST /supplier-changes with {} would): it reads only from T
        supplierChange(meter, "bright-energy", "volt-supply", t);
        Eventually.until("the change to B applied", () -> registrations(meter) == 2);
        assertThat(times(B, meter, "register")).containsExactlyElementsOf(text(t, t.plus(Duration.ofHours(1)),
                t2.minusMillis(1), t2, t2.plus(Duration.ofHours(1))));
        assertThat(times(A, meter, "register")).containsExactlyElementsOf(text(t.minus(Duration.ofHours(1)), t.minusMillis(1)));
        // a window reaching across T is clipped to the supplier's own part of it
        assertThat(times(B, meter, "register", "&from=" + t.minus(Duration.ofHours(2)) + "&to=" + t.plus(Duration.ofMinutes(1))))
                .containsExactlyElementsOf(text(t));
        assertThat(times(A, meter, "register", "&from=" + t.minus(Duration.ofHours(2)) + "&to=" + t.plus(Duration.ofHours(2))))
                .containsExactlyElementsOf(text(t.minus(Duration.ofHours(1)), t.minusMillis(1)));

        // A takes it back at T2: A reads before T and from T2, B only [T, T2)
        supplierChange(meter, "volt-supply", "bright-energy", t2);
        Eventually.until("the change back to A applied", () -> registrations(meter) == 3);
        Duration h = Duration.ofHours(1);
        Duration m30 = Duration.ofMinutes(30);
        assertThat(times(A, meter, "register")).containsExactlyElementsOf(text(t.minus(h), t.minusMillis(1), t2, t2.plus(h)));
        assertThat(times(B, meter, "register")).containsExactlyElementsOf(text(t, t.plus(h), t2.minusMillis(1)));
        assertThat(times(A, meter, "half-hourly")).containsExactlyElementsOf(text(t.minus(h), t.minus(m30), t2, t2.plus(m30)));
        assertThat(times(B, meter, "half-hourly")).containsExactlyElementsOf(text(t, t.plus(m30), t2.minus(h), t2.minus(m30)));
        // daily values are the registers at the start of each GB day: a day belongs to whoever was registered then
        assertThat(times(A, meter, "daily")).containsExactlyElementsOf(text(dayStart(d.minusDays(1)), dayStart(d), dayStart(d.plusDays(4))));
        assertThat(times(B, meter, "daily")).containsExactlyElementsOf(text(dayStart(d.plusDays(1)), dayStart(d.plusDays(2)),
                dayStart(d.plusDays(3))));
        // D+3 has no log entry: B's value is its first read of that day before T2, never A's reads after T2
        given().auth().oauth2(DevTokens.of(B)).get("/api/v1/devices/" + meter + "/readings?granularity=daily&from=2000-01-01T00:00:00Z")
                .then().statusCode(200).body("readings[2].source", equalTo("register-read")).body("readings[2].importWh", equalTo(1004));
        assertThat(times(B, meter, "monthly")).isNotEmpty().allSatisfy(x -> assertThat(Instant.parse(x)).isBetween(t, t2));
        assertThat(times(A, meter, "monthly")).isNotEmpty().allSatisfy(x -> assertThat(Instant.parse(x).isBefore(t)
                || !Instant.parse(x).isBefore(t2)).isTrue());

        // the network operator of the area and the operator see it all; another area's network operator nothing
        for (String all : List.of(DevTokens.NETWORK_OPERATOR, DevTokens.OPERATOR)) {
            assertThat(times(all, meter, "register")).hasSize(7);
            assertThat(times(all, meter, "half-hourly")).hasSize(8);
            assertThat(times(all, meter, "daily")).hasSize(6);
        }
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_NETWORK_OPERATOR)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(403).body("code", equalTo("E4"));

        // alerts raised while B was registered are B's, whenever they arrive; before T and after T2, A's
        DeviceAlert duringB = DeviceAlert.of(UUID.randomUUID().toString(), meter.value(), t.plus(h), "8F3F", "cover");
        DeviceAlert beforeT = DeviceAlert.of(UUID.randomUUID().toString(), meter.value(), t.minus(h), "8F3F", "cover");
        DeviceAlert outageDuringB = DeviceAlert.of(UUID.randomUUID().toString(), meter.value(), t2.minusMillis(1), "8F35", null);
        publish(hub, meter, HubMessageKind.ALERTS, duringB);
        publish(hub, meter, HubMessageKind.ALERTS, beforeT);
        publish(hub, meter, HubMessageKind.ALERTS, outageDuringB);
        Eventually.until("three alerts raised", () -> alertsRaised(meter).size() == 3);
        Map<String, Object> raised = alertRaised(meter, duringB.messageId());
        assertThat(raised.get("entitledOrgs")).isEqualTo(List.of("volt-supply"));
        assertThat(raised.get("supplierOrg")).isEqualTo("volt-supply");
        assertThat(alertRaised(meter, beforeT.messageId()).get("entitledOrgs")).isEqualTo(List.of("bright-energy"));
        assertThat(alertRaised(meter, outageDuringB.messageId()).get("entitledOrgs")).isEqualTo(List.of("volt-supply", "em-networks"));
    }

    @Test
    void consentIsSeenAndSetOnlyByTheSupplierRegisteredNowAndNeverCarriesOverToAnother() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        String mpan = newMpan();
        commission(hub, meter, mpan);
        publish(hub, meter, reading(meter, 42, Instant.now().minus(Duration.ofHours(2))));
        Eventually.until("the reading stored", () -> times(DevTokens.OPERATOR, meter, "monthly").size() == 1);
        consent(A, mpan, "HALF_HOURLY", 200);
        consentOf(A, mpan, 200).body("level", equalTo("HALF_HOURLY")).body("recordedBy", equalTo("bright-energy"));
        consentOf(B, mpan, 403).body("code", equalTo("E4"));
        consent(B, mpan, "MONTHLY", 403);

        // B takes the meter over now: A's choice is not B's, and A can neither see nor set B's
        Instant t = Instant.now();
        supplierChange(meter, "bright-energy", "volt-supply", t);
        Eventually.until("the change to B applied", () -> registrations(meter) == 2);
        consentOf(B, mpan, 200).body("level", equalTo("DAILY")).body("isDefault", equalTo(true)).body("recordedBy", equalTo(null));
        consentOf(A, mpan, 403).body("code", equalTo("E4"));
        consent(A, mpan, "DAILY", 403);
        consent(B, mpan, "MONTHLY", 200);
        consentOf(B, mpan, 200).body("level", equalTo("MONTHLY")).body("recordedBy", equalTo("volt-supply"));
        consentOf(DevTokens.OPERATOR, mpan, 200).body("level", equalTo("MONTHLY"));
        consentOf(DevTokens.NETWORK_OPERATOR, mpan, 200).body("level", equalTo("MONTHLY"));
        // A, former supplier, reads its own past under its own choice: nothing of B's MONTHLY shows
        given().auth().oauth2(DevTokens.of(A)).get("/api/v1/devices/" + meter + "/readings?from=2000-01-01T00:00:00Z")
                .then().statusCode(200).body("consent", equalTo("HALF_HOURLY")).body("granularity", equalTo("half-hourly"));
        given().auth().oauth2(DevTokens.of(B)).get("/api/v1/devices/" + meter + "/readings?granularity=daily")
                .then().statusCode(403).body("code", equalTo("CONSENT_REQUIRED")).body("currentStatus", equalTo("MONTHLY"));

        // A takes it back: B's choice does not follow the meter back to A, and B loses sight of consent
        supplierChange(meter, "volt-supply", "bright-energy", Instant.now());
        Eventually.until("the change back to A applied", () -> registrations(meter) == 3);
        consentOf(A, mpan, 200).body("level", equalTo("DAILY")).body("isDefault", equalTo(true));
        consentOf(B, mpan, 403).body("code", equalTo("E4"));
        consent(B, mpan, "HALF_HOURLY", 403);
        given().auth().oauth2(DevTokens.of(B)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(200).body("consent", equalTo("MONTHLY")).body("readings.size()", equalTo(0));
        consent(A, mpan, "HALF_HOURLY", 200);
        consentOf(A, mpan, 200).body("level", equalTo("HALF_HOURLY"));
        given().auth().oauth2(DevTokens.of(B)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(200).body("consent", equalTo("MONTHLY"));
    }

    static io.restassured.response.ValidatableResponse consentOf(String token, String mpan, int status) {
        return given().auth().oauth2(DevTokens.of(token)).get("/api/v1/metering-points/" + mpan + "/consent")
                .then().statusCode(status);
    }

    static void consent(String token, String mpan, String level, int status) {
        given().auth().oauth2(DevTokens.of(token)).contentType(ContentType.JSON).body(Map.of("level", level))
                .put("/api/v1/metering-points/" + mpan + "/consent").then().statusCode(status);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertsRaised(DeviceId device) {
        return broker().received().stream().map(InboundMessage::bytes).map(EventCodec::decode)
                .filter(e -> "alert.raised".equals(e.type()) && device.value().equals(e.subject()))
                .map(e -> (Map<String, Object>) EventCodec.MAPPER.convertValue(e.data(), Map.class)).toList();
    }

    static Map<String, Object> alertRaised(DeviceId device, String messageId) {
        return alertsRaised(device).stream().filter(a -> (device.value() + "/" + messageId).equals(a.get("alertId"))).findFirst()
                .orElseThrow();
    }
}
