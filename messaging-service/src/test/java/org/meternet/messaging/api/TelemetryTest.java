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
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.meternet.messaging.mqtt.TrafficPublisher;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.Topics.HubMessageKind;
import org.meternet.platform.hub.DailyReadLog;
import org.meternet.platform.hub.DeviceAlert;
import org.meternet.platform.hub.HalfHourlyProfile;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.mqtt.InboundMessage;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/** Daily read logs, half-hourly profiles and alerts: stored, served as the consent allows, counted, routed. */
@QuarkusTest
class TelemetryTest {
    static final ZoneId GB = ZoneId.of("Europe/London");

    @Inject
    Pool pool;

    @Inject
    TrafficPublisher trafficPublisher;

    static HalfHourlyProfile profile(DeviceId meter, Instant start, int intervals) {
        List<Long> wh = new java.util.ArrayList<>();
        for (int i = 0; i < intervals; i++) {
            wh.add(100L + i);
        }
        return HalfHourlyProfile.of(UUID.randomUUID().toString(), meter.value(), Instant.now(), start, wh, null, null);
    }

    static String readings(String token, DeviceId meter, String granularity, int status) {
        return given().auth().oauth2(DevTokens.of(token))
                .get("/api/v1/devices/" + meter + "/readings" + (granularity == null ? "" : "?granularity=" + granularity))
                .then().statusCode(status).extract().asString();
    }

    @Test
    void aDailyReadLogAndAProfileAreServedAsFinelyAsTheConsentAllows() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        String mpan = newMpan();
        commission(hub, meter, mpan);
        LocalDate today = LocalDate.now(GB);
        publish(hub, meter, DailyReadLog.of(UUID.randomUUID().toString(), meter.value(), Instant.now(), List.of(
                new DailyReadLog.Day(today.minusDays(2), 5000L, 0L, null), new DailyReadLog.Day(today.minusDays(1), 5100L, 0L, null))));
        Instant yesterday = today.minusDays(1).atStartOfDay(GB).toInstant();
        HalfHourlyProfile day = profile(meter, yesterday, 48);
        publish(hub, meter, day);
        publish(hub, meter, day); // a hub retry changes nothing
        Eventually.until("48 intervals stored", () -> count("profile_interval", meter) == 48);
        Eventually.until("2 days stored", () -> count("daily_read", meter) == 2);

        // no choice recorded: daily data, not half-hourly
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(200).body("consent", equalTo("DAILY")).body("granularity", equalTo("daily"))
                .body("readings.size()", equalTo(2)).body("readings[1].importWh", equalTo(5100))
                .body("readings[1].source", equalTo("daily-read-log"));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings?granularity=half-hourly")
                .then().statusCode(403).body("code", equalTo("CONSENT_REQUIRED")).body("field", equalTo("granularity"));

        // the consumer opts in, as their supplier records; another supplier may not record it
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).contentType(ContentType.JSON)
                .body(Map.of("level", "HALF_HOURLY")).put("/api/v1/metering-points/" + mpan + "/consent")
                .then().statusCode(403).body("code", equalTo("E4"));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).contentType(ContentType.JSON)
                .body(Map.of("level", "sometimes")).put("/api/v1/metering-points/" + mpan + "/consent")
                .then().statusCode(400).body("field", equalTo("level"));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).contentType(ContentType.JSON)
                .body(Map.of("level", "HALF_HOURLY")).put("/api/v1/metering-points/" + mpan + "/consent")
                .then().statusCode(200).body("level", equalTo("HALF_HOURLY")).body("recordedBy", equalTo("bright-energy"));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(200).body("granularity", equalTo("half-hourly")).body("readings.size()", equalTo(48))
                .body("readings[0].time", equalTo(yesterday.toString())).body("readings[47].importWh", equalTo(147));

        // opting out to monthly: one value a month, daily refused
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).contentType(ContentType.JSON)
                .body(Map.of("level", "MONTHLY")).put("/api/v1/metering-points/" + mpan + "/consent").then().statusCode(200);
        readings(DevTokens.SUPPLIER, meter, "daily", 403);
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/devices/" + meter + "/readings")
                .then().statusCode(200).body("granularity", equalTo("monthly"))
                .body("readings.size()", equalTo(today.minusDays(2).getMonth() == today.minusDays(1).getMonth() ? 1 : 2));
    }

    @Test
    void aProfileNotOnAHalfHourOrWithUnevenSeriesIsDeadLettered() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
        publish(hub, meter, HalfHourlyProfile.of("p1", meter.value(), Instant.now(), start.plusSeconds(60), List.of(1L), null, null));
        publish(hub, meter, HalfHourlyProfile.of("p2", meter.value(), Instant.now(), start, List.of(1L, 2L), List.of(0L), null));
        publish(hub, meter, HalfHourlyProfile.of("p3", meter.value(), Instant.now(), start, Collections.nCopies(49, 1L), null, null));
        Eventually.until("three profiles dead-lettered", () -> fields(meter).size() == 3);
        assertThat(fields(meter)).containsExactlyInAnyOrder("periodStart", "exportWh", "importWh");
    }

    @Test
    void anOutageAlertIsRaisedForTheSupplierAndTheNetworkOperatorATamperAlertForTheSupplierOnly() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        DeviceAlert outage = DeviceAlert.of(UUID.randomUUID().toString(), meter.value(), Instant.now(), "0x8F35", null);
        DeviceAlert tamper = DeviceAlert.of(UUID.randomUUID().toString(), meter.value(), Instant.now(), "8f3f", "cover");
        publish(hub, meter, HubMessageKind.ALERTS, outage);
        publish(hub, meter, HubMessageKind.ALERTS, outage); // redelivered: raised once
        publish(hub, meter, HubMessageKind.ALERTS, tamper);

        Eventually.until("both alerts raised", () -> alertsRaised(meter).size() == 2);
        Map<String, Object> first = alertsRaised(meter).get(0);
        assertThat(first.get("alertCode")).isEqualTo("8F35");
        assertThat(first.get("category")).isEqualTo("POWER_OUTAGE");
        assertThat(first.get("entitledOrgs")).isEqualTo(List.of("bright-energy", "em-networks"));
        Map<String, Object> second = alertsRaised(meter).get(1);
        assertThat(second.get("alertName")).isEqualTo("Unauthorised Physical Access Tamper Detected");
        assertThat(second.get("entitledOrgs")).isEqualTo(List.of("bright-energy"));
        assertThat(count("device_alert", meter)).isEqualTo(2);
    }

    @Test
    void trafficIsCountedPerMinuteQueryableAndPublishedAsTrafficCounted() throws Exception {
        DeviceId hub = newId();
        DeviceId meter = newId();
        commission(hub, meter);
        long before = profilesCounted();
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        HalfHourlyProfile p1 = profile(meter, start, 4);
        publish(hub, meter, p1);
        publish(hub, meter, p1); // a duplicate is not traffic twice
        publish(hub, meter, profile(meter, start.plus(Duration.ofHours(2)), 4));
        Eventually.until("two profiles counted", () -> profilesCounted() == before + 2);

        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).get("/api/v1/traffic?supplier=bright-energy")
                .then().statusCode(403).body("code", equalTo("E4"));
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).get("/api/v1/traffic?kind=half-hourly-profile")
                .then().statusCode(200).body("totalMessages", equalTo(0));
        given().auth().oauth2(DevTokens.of(DevTokens.NETWORK_OPERATOR)).get("/api/v1/traffic").then().statusCode(403);
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/traffic?period=fortnight")
                .then().statusCode(400).body("field", equalTo("period"));

        trafficPublisher.publishClosedBefore(Instant.now().plus(Duration.ofMinutes(2))).await().atMost(Duration.ofSeconds(10));
        Eventually.until("traffic.counted published", () -> !trafficEvents().isEmpty());
        List<EventEnvelope> published = trafficEvents(); // read once: another minute may be published meanwhile
        EventEnvelope counted = published.get(published.size() - 1);
        String data = EventCodec.MAPPER.writeValueAsString(counted.data());
        assertThat(data).contains("\"kind\":\"half-hourly-profile\"").contains("\"supplier\":\"bright-energy\"")
                .contains("\"region\":\"E12000004\"").contains("\"deviceType\":\"ESME\"");
    }

    long profilesCounted() {
        return ((Number) given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR))
                .get("/api/v1/traffic?kind=half-hourly-profile&period=day&supplier=bright-energy")
                .then().statusCode(200).extract().path("totalMessages")).longValue();
    }

    long count(String table, DeviceId device) {
        return pool.preparedQuery("select count(*) from " + table + " where device_id = $1").execute(Tuple.of(device.value()))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    List<String> fields(DeviceId device) {
        List<String> out = new java.util.ArrayList<>();
        pool.preparedQuery("select field from dead_letter where topic like $1").execute(Tuple.of("%" + device.value() + "%"))
                .await().atMost(Duration.ofSeconds(5)).forEach(r -> out.add(r.getString(0)));
        return out;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> alertsRaised(DeviceId device) {
        return events("alert.raised").stream().filter(e -> device.value().equals(e.subject()))
                .map(e -> (Map<String, Object>) EventCodec.MAPPER.convertValue(e.data(), Map.class)).toList();
    }

    List<EventEnvelope> trafficEvents() {
        return events("traffic.counted");
    }

    static List<EventEnvelope> events(String type) {
        return broker().received().stream().map(InboundMessage::bytes).map(EventCodec::decode)
                .filter(e -> type.equals(e.type())).toList();
    }
}
