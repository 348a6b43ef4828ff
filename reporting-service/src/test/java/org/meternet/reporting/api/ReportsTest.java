package org.meternet.reporting.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.Topics;
import org.meternet.platform.event.TrafficCounted;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/**
 * Reports over a supplier of the test's own, whose installations the test also keeps: every figure
 * is recomputed here from those events and compared with the report.
 */
@QuarkusTest
class ReportsTest {
    static final ZoneId GB = ZoneId.of("Europe/London");
    static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() + 1_000_000);
    static final String SUPPLIER = "test-" + UUID.randomUUID().toString().substring(0, 8);
    static final List<Installed> INSTALLED = new ArrayList<>();
    static BrokerWatch broker;

    record Installed(String deviceId, String premisesId, String localAuthority, String region, Instant at) {
    }

    // once, before the first test: in @BeforeAll the application may not be listening yet
    @org.junit.jupiter.api.BeforeEach
    void installTheSuppliersMeters() {
        if (broker != null) {
            return;
        }
        broker = new BrokerWatch("meternet/v1/test/unused");
        String[][] places = {{"E06000001", "E12000001"}, {"E07000033", "E12000004"}};
        Instant start = Instant.parse("2018-11-20T10:00:00Z");
        for (int i = 0; i < 24; i++) {
            String[] place = places[i % 3 == 0 ? 0 : 1];
            // a dual-fuel home every fourth: two meters, one premises
            String premises = i % 4 == 1 ? INSTALLED.get(i - 1).premisesId() : UUID.randomUUID().toString();
            Installed m = new Installed(id(), premises, place[0], place[1], start.plusSeconds(86_400L * 23 * i));
            INSTALLED.add(m);
            DeviceState d = new DeviceState(m.deviceId(), i % 4 == 1 ? "GSME" : "ESME", "COMMISSIONED", "INSTALLED_NOT_COMMISSIONED",
                    m.at(), null, null, null, m.premisesId(), "S44 6JJ", m.localAuthority(), m.region(), 11, SUPPLIER, "SMETS2");
            publish(EventEnvelope.of(EventType.DEVICE_COMMISSIONED, m.at(), "installation", m.deviceId(), d)
                    .withSequence(SEQUENCE.incrementAndGet()));
        }
        Eventually.until("the supplier's meters in the read model", () -> total(LocalDate.of(2030, 1, 1)) == INSTALLED.size());
    }

    @AfterAll
    static void disconnect() {
        broker.close();
    }

    static void publish(EventEnvelope e) {
        broker.publish(Topics.event(e.source(), e.type()), EventCodec.encode(e));
    }

    static String id() {
        return RolloutReportTest.id();
    }

    static JsonPath get(String path) {
        return given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get(path).then().statusCode(200).extract().jsonPath();
    }

    static long total(LocalDate day) {
        return get("/api/v1/reports/rollout?supplier=" + SUPPLIER + "&date=" + day).getLong("commissionedSmets2Meters");
    }

    /** The independent count: meters of the test's installations commissioned by the end of the GB day. */
    static long expectedAt(LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay(GB).toInstant();
        return INSTALLED.stream().filter(m -> m.at().isBefore(end)).count();
    }

    @Test
    void theRolloutAtADateItsBreakdownInstallsPerMonthAndGrowthMatchTheEvents() {
        LocalDate day = LocalDate.of(2020, 6, 30);
        JsonPath r = get("/api/v1/reports/rollout?supplier=" + SUPPLIER + "&date=" + day + "&by=localAuthority");
        assertThat(r.getLong("commissionedSmets2Meters")).isEqualTo(expectedAt(day));
        Map<String, Long> byLa = new TreeMap<>();
        INSTALLED.stream().filter(m -> !m.at().isAfter(day.plusDays(1).atStartOfDay(GB).toInstant()))
                .forEach(m -> byLa.merge(m.localAuthority(), 1L, Long::sum));
        for (Map<String, Object> row : r.<Map<String, Object>>getList("breakdown")) {
            assertThat(((Number) row.get("meters")).longValue()).as("meters in " + row.get("key")).isEqualTo(byLa.get(row.get("key")));
        }
        Map<YearMonth, Long> perMonth = new TreeMap<>();
        INSTALLED.stream().filter(m -> !m.at().isAfter(day.plusDays(1).atStartOfDay(GB).toInstant()))
                .forEach(m -> perMonth.merge(YearMonth.from(m.at().atZone(GB)), 1L, Long::sum));
        for (Map<String, Object> row : r.<Map<String, Object>>getList("installsPerMonth")) {
            YearMonth month = YearMonth.from(LocalDate.parse((String) row.get("start")));
            assertThat(((Number) row.get("installs")).longValue()).as("installs in " + month).isEqualTo(perMonth.get(month));
        }
        long endOf2019 = expectedAt(LocalDate.of(2019, 12, 31));
        assertThat(r.getLong("growth.metersAtEndOfPreviousYear")).isEqualTo(endOf2019);
        assertThat(r.getDouble("growth.factor")).isEqualTo(Math.round(expectedAt(day) * 100.0 / endOf2019) / 100.0);
    }

    @Test
    void milestonesAreTheNthMetersInCommissioningOrder() {
        JsonPath r = get("/api/v1/reports/milestones?step=5&supplier=" + SUPPLIER);
        List<Map<String, Object>> milestones = r.getList("milestones");
        assertThat(milestones).hasSize(INSTALLED.size() / 5);
        for (Map<String, Object> m : milestones) {
            int n = ((Number) m.get("n")).intValue();
            Installed expected = INSTALLED.get(n - 1); // installed in time order
            assertThat(m.get("deviceId")).isEqualTo(expected.deviceId());
            assertThat(m.get("date")).isEqualTo(expected.at().atZone(GB).toLocalDate().toString());
            assertThat(m.get("supplier")).isEqualTo(SUPPLIER);
            assertThat(m.get("localAuthorityCode")).isEqualTo(expected.localAuthority());
        }
        assertThat(milestones.get(0).get("localAuthority")).isNotNull();
    }

    @Test
    void takeUpRanksEveryLocalAuthorityWithItsHouseholdsAndComesAsCsv() {
        JsonPath r = get("/api/v1/reports/take-up?date=2030-01-01&top=5");
        List<Map<String, Object>> rows = r.getList("localAuthorities");
        assertThat(rows).hasSize(5);
        double previous = Double.MAX_VALUE;
        for (Map<String, Object> row : rows) {
            double share = ((Number) ((Map<?, ?>) row.get("takeUp")).get("share")).doubleValue();
            assertThat(share).isLessThanOrEqualTo(previous);
            previous = share;
        }
        assertThat(r.getString("householdsSource")).contains("Census");
        assertThat(r.getString("attribution")).contains("Open Government Licence");
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/reports/take-up?date=2030-01-01&region=E12000001&format=csv")
                .then().statusCode(200).header("Content-Type", startsWith("text/csv"))
                .body(startsWith("rank,local_authority_code,local_authority,region_code,region,premises_with_smart_meter"));
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/reports/take-up/regions?date=2030-01-01")
                .then().statusCode(200).body("regions.size()", equalTo(11)); // 9 English regions, Wales, Scotland
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/reports/take-up?threshold=250")
                .then().statusCode(400).body("field", equalTo("threshold"));
    }

    @Test
    void trafficPerMonthTellsTheRecordMonthAndWhatItEqualled() {
        long[][] months = {{2019, 4, 30}, {2019, 5, 38}, {2019, 6, 45}, {2019, 7, 52}, {2020, 1, 138}};
        for (long[] m : months) {
            Instant minute = YearMonth.of((int) m[0], (int) m[1]).atDay(10).atStartOfDay(GB).toInstant();
            TrafficCounted counted = new TrafficCounted(minute, List.of(
                    new TrafficCounted.Count("up", "register-read", SUPPLIER, "E12000004", "ESME", m[2] * 1000 - 7),
                    new TrafficCounted.Count("down", "command", SUPPLIER, "E12000004", "ESME", 7)));
            publish(EventEnvelope.of(EventType.TRAFFIC_COUNTED, minute, "messaging", minute.toString(), counted)
                    .withSequence(SEQUENCE.incrementAndGet()));
        }
        Eventually.until("the traffic read model", () -> get("/api/v1/reports/traffic").getList("months").size() >= months.length);
        JsonPath r = get("/api/v1/reports/traffic");
        assertThat(r.getString("record.month")).isEqualTo("2020-01");
        assertThat(r.getLong("record.messages")).isEqualTo(138_000);
        assertThat(r.getString("recordEqualled.from")).isEqualTo("2019-05");
        assertThat(r.getString("recordEqualled.to")).isEqualTo("2019-07");
        assertThat(get("/api/v1/reports/traffic?direction=down").getLong("record.messages")).isEqualTo(7);
        JsonPath daily = get("/api/v1/reports/traffic/daily?from=2020-01-01&to=2020-01-31&direction=up");
        assertThat(daily.getList("days")).hasSize(1);
        assertThat(daily.getString("days[0].day")).isEqualTo("2020-01-10");
        assertThat(daily.getLong("days[0].messages")).isEqualTo(138_000 - 7);
        assertThat(daily.getString("days[0].kind")).isEqualTo("register-read");
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/reports/traffic").then().statusCode(403);
    }

    @Test
    void thePressReleaseStatesTheFiguresOfTheOtherReports() {
        String day = "2030-01-01";
        JsonPath release = get("/api/v1/reports/press-release?date=" + day);
        JsonPath takeUp = get("/api/v1/reports/take-up?date=" + day + "&top=10");
        List<String> leaders = release.getList("figures.leaders.takeUp.localAuthorityCode");
        assertThat(leaders).isNotEmpty();
        assertThat(takeUp.<String>getList("localAuthorities.takeUp.localAuthorityCode").subList(0, leaders.size()))
                .isEqualTo(leaders);
        // the last complete year at 1 January 2030 is 2029
        assertThat(release.getInt("figures.growth.year")).isEqualTo(2029);
        assertThat(release.getLong("figures.growth.atDate"))
                .isEqualTo(get("/api/v1/reports/rollout?date=2029-12-31").getLong("commissionedSmets2Meters"));
        String text = given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/reports/press-release?date=" + day
                + "&format=text").then().statusCode(200).extract().asString();
        assertThat(text).startsWith("meternet roll-out update, 1 January 2030").contains("Take-up is highest in")
                .contains("Open Government Licence");
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/reports/press-release").then().statusCode(403);
    }

    @Test
    void theForecastUsesThePremisesGainedOverTheWindow() {
        JsonPath forecast = get("/api/v1/reports/forecast?date=2020-06-30&window=100");
        JsonPath now = get("/api/v1/reports/take-up/regions?date=2020-06-30");
        JsonPath before = get("/api/v1/reports/take-up/regions?date=" + LocalDate.of(2020, 6, 30).minusDays(100));
        for (Map<String, Object> region : forecast.<Map<String, Object>>getList("regions")) {
            String code = (String) region.get("regionCode");
            long premisesNow = now.getLong("regions.find { it.regionCode == '" + code + "' }.premisesWithSmartMeter");
            long premisesBefore = before.getLong("regions.find { it.regionCode == '" + code + "' }.premisesWithSmartMeter");
            assertThat(((Number) region.get("premisesWithSmartMeter")).longValue()).isEqualTo(premisesNow);
            assertThat(((Number) region.get("premisesPerDay")).doubleValue())
                    .isEqualTo(Math.round((premisesNow - premisesBefore) / 100.0 * 10) / 10.0);
        }
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/reports/forecast?window=0").then().statusCode(400)
                .body("field", equalTo("window"));
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/reports/traffic/daily?from=last-week").then()
                .statusCode(400).body("field", equalTo("from"));
    }

    @Test
    void serviceRequestVolumesSuccessRatesAndPercentilesPerSrv() {
        long[] latencies = {12, 15, 20, 22, 30, 45, 60, 80, 120, 900};
        for (int i = 0; i < latencies.length; i++) {
            Instant at = Instant.parse("2019-03-05T10:00:00Z").plusSeconds(i);
            var completed = new org.meternet.platform.event.ServiceRequestCompleted("req-" + SUPPLIER + "-" + i, "4.1.1", id(),
                    "ESME", i % 2 == 0 ? "E12000001" : "E12000004", SUPPLIER, i == 9 ? "TIMED_OUT" : "SUCCEEDED",
                    i == 9 ? "E21" : "I0", latencies[i], at.minusMillis(latencies[i]), at);
            EventEnvelope e = EventEnvelope.of(EventType.SERVICE_REQUEST_COMPLETED, at, "gateway", completed.requestId(), completed)
                    .withSequence(SEQUENCE.incrementAndGet());
            publish(e);
            if (i == 0) {
                publish(e); // redelivered: counted once
            }
        }
        String range = "/api/v1/reports/service-requests?from=2019-03-01&to=2019-03-31";
        Eventually.until("ten requests in the read model", () -> get(range).getList("volumes").size() == 1
                && get(range).getLong("volumes[0].requests") == latencies.length);
        JsonPath r = get(range);
        assertThat(r.getDouble("volumes[0].successRate")).isEqualTo(90.0);
        assertThat(r.getDouble("volumes[0].p50Ms")).isCloseTo(percentile(latencies, 0.5), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.getDouble("volumes[0].p99Ms")).isCloseTo(percentile(latencies, 0.99), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(get(range + "&by=region").getList("volumes")).hasSize(2);
    }

    @Test
    void aRequestTheInventoryAnsweredIsCountedWithoutADeviceTypeAndHoldsNothingBehindIt() {
        Instant at = Instant.parse("2019-04-07T10:00:00Z");
        String prefix = "req-inventory-" + UUID.randomUUID() + "-";
        var inventory = new org.meternet.platform.event.ServiceRequestCompleted(prefix + 1, "8.2", id(), null, null, SUPPLIER,
                "SUCCEEDED", "I0", 15L, at.minusMillis(15), at);
        var device = new org.meternet.platform.event.ServiceRequestCompleted(prefix + 2, "4.1.1", id(), "ESME", "E12000004", SUPPLIER,
                "SUCCEEDED", "I0", 25L, at.minusMillis(25), at.plusSeconds(1));
        for (var c : List.of(inventory, device)) {
            publish(EventEnvelope.of(EventType.SERVICE_REQUEST_COMPLETED, c.completedAt(), "gateway", c.requestId(), c)
                    .withSequence(SEQUENCE.incrementAndGet()));
        }
        String range = "/api/v1/reports/service-requests?from=2019-04-07&to=2019-04-08&by=deviceType";
        Eventually.until("both requests in the read model, the one after the inventory's too",
                () -> get(range).getList("volumes").size() == 2);
        assertThat(get(range).getList("volumes.key", String.class)).containsExactlyInAnyOrder("UNKNOWN", "ESME");
    }

    @Test
    void anEventTheDatabaseRefusesIsSetAsideAndTheOnesAfterItAreApplied() {
        Instant at = Instant.parse("2019-04-09T10:00:00Z");
        String prefix = "req-poison-" + UUID.randomUUID() + "-";
        // no outcome: the read model's constraint refuses it, every time it comes
        var poison = new org.meternet.platform.event.ServiceRequestCompleted(prefix + 1, "4.1.1", id(), "ESME", "E12000004",
                SUPPLIER, null, "I0", 15L, at.minusMillis(15), at);
        var good = new org.meternet.platform.event.ServiceRequestCompleted(prefix + 2, "4.1.1", id(), "ESME", "E12000004",
                SUPPLIER, "SUCCEEDED", "I0", 25L, at.minusMillis(25), at.plusSeconds(1));
        for (var c : List.of(poison, good)) {
            publish(EventEnvelope.of(EventType.SERVICE_REQUEST_COMPLETED, c.completedAt(), "gateway", c.requestId(), c)
                    .withSequence(SEQUENCE.incrementAndGet()));
        }
        String range = "/api/v1/reports/service-requests?from=2019-04-09&to=2019-04-10";
        Eventually.until("the event after the refused one in the read model",
                () -> get(range).getList("volumes").size() == 1 && get(range).getLong("volumes[0].requests") == 1);
    }

    /** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont computes it. */
    static double percentile(long[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    @Test
    void decommissionsAndChangesOfSupplierPerMonth() {
        String supplier = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        Instant march = Instant.parse("2021-03-10T12:00:00Z");
        List<String> meters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = id();
            meters.add(id);
            DeviceState d = new DeviceState(id, "ESME", "COMMISSIONED", null, march.minusSeconds(86_400L * 60), null, null, null,
                    UUID.randomUUID().toString(), "S44 6JJ", "E07000033", "E12000004", 11, supplier, "SMETS2");
            publish(EventEnvelope.of(EventType.DEVICE_COMMISSIONED, d.statusEffectiveAt(), "installation", id, d)
                    .withSequence(SEQUENCE.incrementAndGet()));
        }
        DeviceState gone = new DeviceState(meters.get(0), "ESME", "DECOMMISSIONED", "COMMISSIONED", march, null, null, null,
                "p", "S44 6JJ", "E07000033", "E12000004", 11, supplier, "SMETS2");
        publish(EventEnvelope.of(EventType.DEVICE_DECOMMISSIONED, march, "installation", gone.deviceId(), gone)
                .withSequence(SEQUENCE.incrementAndGet()));
        for (int i = 1; i < 3; i++) {
            var change = new org.meternet.platform.event.SupplierChange(meters.get(i), "ESME", supplier, "volt-supply",
                    march.plusSeconds(86_400L * 30 * i), 11);
            publish(EventEnvelope.of(EventType.SUPPLIER_CHANGED, change.effectiveFrom(), "installation", change.deviceId(), change)
                    .withSequence(SEQUENCE.incrementAndGet()));
        }
        String path = "/api/v1/reports/rollout?supplier=" + supplier + "&date=2021-06-30";
        Eventually.until("two changes of supplier counted", () -> get(path).<Map<String, Object>>getList("churnPerMonth").stream()
                .mapToLong(m -> ((Number) m.get("supplierChanges")).longValue()).sum() == 2);
        Map<String, long[]> byMonth = new TreeMap<>();
        for (Map<String, Object> m : get(path).<Map<String, Object>>getList("churnPerMonth")) {
            byMonth.put(((String) m.get("month")).substring(0, 7), new long[] {((Number) m.get("decommissioned")).longValue(),
                    ((Number) m.get("supplierChanges")).longValue()});
        }
        assertThat(byMonth).hasSize(12);
        assertThat(byMonth.get("2021-03")).containsExactly(1, 0);
        assertThat(byMonth.get("2021-04")).containsExactly(0, 1); // 9 April
        assertThat(byMonth.get("2021-05")).containsExactly(0, 1); // 9 May
        assertThat(get(path).getLong("commissionedSmets2Meters")).isEqualTo(2);
    }

    @Test
    void aPremisesIsCoveredWhileAnyOfItsMetersIsInServiceAndTheCubeRebuiltInSqlAgrees() {
        String supplier = "cover-" + UUID.randomUUID().toString().substring(0, 8);
        String premises = UUID.randomUUID().toString();
        String a = id();
        String b = id();
        String[] reports = {"/api/v1/reports/take-up/E06000001?date=2022-02-15", "/api/v1/reports/take-up?date=2022-03-15&top=50",
                "/api/v1/reports/rollout?date=2022-04-30&by=localAuthority", "/api/v1/reports/rollout?date=2022-02-15&by=fuel",
                "/api/v1/reports/milestones?step=7", "/api/v1/reports/take-up/regions?date=2022-01-25"};
        LocalDate[] days = {LocalDate.of(2022, 1, 5), LocalDate.of(2022, 1, 15), LocalDate.of(2022, 1, 25), LocalDate.of(2022, 2, 15),
                LocalDate.of(2022, 3, 15), LocalDate.of(2022, 4, 10)};
        long[] base = new long[days.length];
        for (int i = 0; i < days.length; i++) {
            base[i] = hartlepoolPremises(days[i]);
        }
        commission(a, "ESME", premises, supplier, "2022-01-10T09:00:00Z");
        commission(b, "GSME", premises, supplier, "2022-01-20T09:00:00Z");
        decommission(a, "ESME", premises, supplier, "2022-02-01T09:00:00Z");
        decommission(b, "GSME", premises, supplier, "2022-03-01T09:00:00Z");
        commission(id(), "ESME", premises, supplier, "2022-04-05T09:00:00Z"); // a new electricity meter after a month without
        Eventually.until("the new electricity meter in service", () -> get("/api/v1/reports/rollout?supplier=" + supplier
                + "&date=2022-04-10").getLong("commissionedSmets2Meters") == 1);

        long[] covered = {0, 1, 1, 1, 0, 1}; // one premises, whichever of its meters is in service
        long[] meters = {0, 1, 2, 1, 0, 1};
        for (int i = 0; i < days.length; i++) {
            assertThat(hartlepoolPremises(days[i]) - base[i]).as("premises covered at " + days[i]).isEqualTo(covered[i]);
            assertThat(get("/api/v1/reports/rollout?supplier=" + supplier + "&date=" + days[i]).getLong("commissionedSmets2Meters"))
                    .as("meters at " + days[i]).isEqualTo(meters[i]);
        }
        Map<String, String> incremental = new TreeMap<>();
        for (String r : reports) {
            incremental.put(r, get(r).prettify());
        }
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).post("/api/v1/reports/rebuild/cube").then().statusCode(200);
        for (String r : reports) {
            assertThat(get(r).prettify()).as(r + " from the cube rebuilt in SQL").isEqualTo(incremental.get(r));
        }
    }

    @Test
    void aReportAtADateUsesTheAuthoritiesValidThen() {
        String allerdale = "E07000026";
        long before = get("/api/v1/reports/take-up/" + allerdale + "?date=2022-12-31").getLong("takeUp.premisesWithSmartMeter");
        long cumberland = get("/api/v1/reports/take-up/E06000063?date=2023-06-30").getLong("takeUp.premisesWithSmartMeter");
        String device = id();
        DeviceState d = new DeviceState(device, "ESME", "COMMISSIONED", null, Instant.parse("2022-05-04T10:00:00Z"), null, null, null,
                UUID.randomUUID().toString(), "CA14 1AA", allerdale, "E12000002", 16, "geo-" + SUPPLIER, "SMETS2");
        publish(EventEnvelope.of(EventType.DEVICE_COMMISSIONED, d.statusEffectiveAt(), "installation", device, d)
                .withSequence(SEQUENCE.incrementAndGet()));
        Eventually.until("the Allerdale meter in the roll-out", () -> get("/api/v1/reports/take-up/" + allerdale
                + "?date=2022-12-31").getLong("takeUp.premisesWithSmartMeter") == before + 1);

        JsonPath successor = get("/api/v1/reports/take-up/E06000063?date=2023-06-30");
        assertThat(successor.getLong("takeUp.premisesWithSmartMeter")).as("made under Allerdale, counted for Cumberland")
                .isEqualTo(cumberland + 1);
        assertThat(successor.getLong("takeUp.households")).isEqualTo(43_970 + 50_663 + 30_782);
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).get("/api/v1/reports/take-up/" + allerdale + "?date=2023-06-30")
                .then().statusCode(404).body("code", equalTo("LOCAL_AUTHORITY_NOT_VALID_AT_DATE"));
        List<String> codes2023 = get("/api/v1/reports/take-up?date=2023-06-30").getList("localAuthorities.takeUp.localAuthorityCode");
        assertThat(codes2023).contains("E06000063", "E06000066").doesNotContain(allerdale, "E07000187");
        List<String> codes2022 = get("/api/v1/reports/take-up?date=2022-12-31").getList("localAuthorities.takeUp.localAuthorityCode");
        assertThat(codes2022).contains(allerdale).doesNotContain("E06000063");
        assertThat(get("/api/v1/reports/rollout?by=localAuthority&supplier=geo-" + SUPPLIER + "&date=2023-06-30")
                .<String>getList("breakdown.key")).containsExactly("E06000063");
    }

    static long hartlepoolPremises(LocalDate day) {
        return get("/api/v1/reports/take-up/E06000001?date=" + day).getLong("takeUp.premisesWithSmartMeter");
    }

    static void commission(String deviceId, String type, String premises, String supplier, String at) {
        DeviceState d = new DeviceState(deviceId, type, "COMMISSIONED", null, Instant.parse(at), null, null, null, premises,
                "TS24 7AA", "E06000001", "E12000001", 23, supplier, "SMETS2");
        publish(EventEnvelope.of(EventType.DEVICE_COMMISSIONED, d.statusEffectiveAt(), "installation", deviceId, d)
                .withSequence(SEQUENCE.incrementAndGet()));
    }

    static void decommission(String deviceId, String type, String premises, String supplier, String at) {
        DeviceState d = new DeviceState(deviceId, type, "DECOMMISSIONED", "COMMISSIONED", Instant.parse(at), null, null, null, premises,
                "TS24 7AA", "E06000001", "E12000001", 23, supplier, "SMETS2");
        publish(EventEnvelope.of(EventType.DEVICE_DECOMMISSIONED, d.statusEffectiveAt(), "installation", deviceId, d)
                .withSequence(SEQUENCE.incrementAndGet()));
    }
}
