package org.meternet.installation.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.id.MpanCore;
import org.meternet.platform.testing.DevTokens;

/** Installations, migration, change of supplier, idempotency and optimistic updates. */
@QuarkusTest
class InstallationApiTest {
    static final AtomicInteger SERIAL = new AtomicInteger((int) (System.nanoTime() & 0xFFFFF));

    static String id() {
        int n = SERIAL.incrementAndGet();
        return String.format("00-DB-BB-%02X-%02X-%02X-%02X-%02X", (System.nanoTime() >> 12) & 0xFF, (n >> 24) & 0xFF,
                (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF);
    }

    static String mpan() {
        String stem = String.format("11%010d", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 10_000_000_000L);
        return stem + MpanCore.checkDigit(stem);
    }

    static String token(String client) {
        return DevTokens.of(client);
    }

    static ValidatableResponse post(String client, String path, Object body) {
        return given().auth().oauth2(token(client)).contentType(ContentType.JSON).body(body).post(path).then();
    }

    record Home(String chf, String esme, String gpf, String gsme, String ihd, String mpan) {
        Map<String, Object> request(String installedAt) {
            return Map.of("premises", Map.of("postcode", "LE10 0AA"), "installedAt", installedAt, "devices", List.of(
                    Map.of("deviceId", chf, "deviceType", "CHF", "manufacturer", "Toshiba"),
                    Map.of("deviceId", esme, "deviceType", "ESME", "mpxn", mpan),
                    Map.of("deviceId", gpf, "deviceType", "GPF"),
                    Map.of("deviceId", gsme, "deviceType", "GSME", "mpxn", String.valueOf(1_000_000 + SERIAL.incrementAndGet())),
                    Map.of("deviceId", ihd, "deviceType", "IHD")));
        }
    }

    static Home home() {
        return new Home(id(), id(), id(), id(), id(), mpan());
    }

    @Test
    void aDualFuelInstallationIsCommissionedWithItsAssociations() {
        Home h = home();
        String installationId = post(DevTokens.SUPPLIER, "/api/v1/installations", h.request("2019-11-29T09:30:00Z"))
                .statusCode(201)
                .body("localAuthorityCode", equalTo("E07000132")) // Hinckley and Bosworth
                .body("devices", hasSize(5))
                .extract().path("installationId");

        given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/installations/" + installationId).then().statusCode(200)
                .body("devices.status", org.hamcrest.Matchers.everyItem(equalTo("COMMISSIONED")));
        given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + h.esme()).then().statusCode(200)
                .body("chfId", equalTo(h.chf())).body("statusEffectiveAt", equalTo("2019-11-29T09:30:00Z"))
                .body("installationId", equalTo(installationId));
        given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + h.gsme()).then()
                .body("gpfId", equalTo(h.gpf())).body("fuel", equalTo("GAS"));
        given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + h.ihd()).then().body("meterId", equalTo(h.esme()));
        given().auth().oauth2(token(DevTokens.OTHER_SUPPLIER)).get("/api/v1/installations/" + installationId).then()
                .statusCode(403).body("code", equalTo("E4"));
    }

    @Test
    void theInventorysUniquenessRulesAreProblemsNamingTheField() {
        Home first = home();
        post(DevTokens.SUPPLIER, "/api/v1/installations", first.request("2020-01-10T10:00:00Z")).statusCode(201);
        Home sameMpan = new Home(id(), id(), id(), id(), id(), first.mpan());
        post(DevTokens.SUPPLIER, "/api/v1/installations", sameMpan.request("2020-01-11T10:00:00Z")).statusCode(409)
                .body("code", equalTo("MPAN_HAS_ACTIVE_ESME")).body("field", equalTo("devices[1].mpxn"));
        // nothing of the refused installation was written
        given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + sameMpan.chf()).then().statusCode(404);

        String premisesId = given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + first.chf()).then()
                .extract().path("premisesId");
        post(DevTokens.SUPPLIER, "/api/v1/devices", Map.of("deviceId", id(), "deviceType", "CHF", "premisesId", premisesId))
                .statusCode(409).body("code", equalTo("PREMISES_HAS_CHF"));

        Map<String, Object> gasWithoutProxy = Map.of("premises", Map.of("postcode", "LE10 0AA"), "devices", List.of(
                Map.of("deviceId", id(), "deviceType", "CHF"), Map.of("deviceId", id(), "deviceType", "GSME", "mpxn", "123")));
        post(DevTokens.SUPPLIER, "/api/v1/installations", gasWithoutProxy).statusCode(400).body("code", equalTo("GPF_REQUIRED"))
                .body("field", equalTo("devices[1].deviceType"));
        Map<String, Object> wrongFuel = Map.of("premises", Map.of("postcode", "LE10 0AA"), "devices", List.of(
                Map.of("deviceId", id(), "deviceType", "CHF"),
                Map.of("deviceId", id(), "deviceType", "ESME", "mpxn", mpan(), "fuel", "GAS")));
        post(DevTokens.SUPPLIER, "/api/v1/installations", wrongFuel).statusCode(400).body("code", equalTo("FUEL_MISMATCH"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyCreatesOneRecordAndGetsTheFirstAnswer() {
        Map<String, Object> installation = home().request("2020-02-26T12:00:00Z");
        String key = UUID.randomUUID().toString();
        String first = given().auth().oauth2(token(DevTokens.SUPPLIER)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(installation).post("/api/v1/installations").then().statusCode(201)
                .extract().asString();
        String again = given().auth().oauth2(token(DevTokens.SUPPLIER)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(installation).post("/api/v1/installations").then().statusCode(201)
                .extract().asString();
        assertThat(again).isEqualTo(first);
        @SuppressWarnings("unchecked")
        String chf = (String) ((Map<String, Object>) ((List<?>) installation.get("devices")).get(0)).get("deviceId");
        given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + chf).then().statusCode(200)
                .body("version", equalTo(0));
        given().auth().oauth2(token(DevTokens.SUPPLIER)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(home().request("2020-02-26T12:00:00Z")).post("/api/v1/installations").then().statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        // a key is an organisation's own: another organisation's request under it is a new one
        given().auth().oauth2(token(DevTokens.OTHER_SUPPLIER)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("postcode", "LE10 0AA")).post("/api/v1/premises").then().statusCode(201);
    }

    @Test
    void ofTwoUpdatesFromTheSameVersionOneWinsAndTheOtherGets412() {
        Home h = home();
        post(DevTokens.SUPPLIER, "/api/v1/installations", h.request("2020-03-01T10:00:00Z")).statusCode(201);
        String etag = given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + h.esme()).then().statusCode(200)
                .extract().header("ETag");
        assertThat(etag).isNotBlank();
        // suspension is the operator's (issue 14)
        given().auth().oauth2(token(DevTokens.OPERATOR)).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("status", "SUSPENDED")).post("/api/v1/devices/" + h.esme() + "/status-changes").then().statusCode(200);
        given().auth().oauth2(token(DevTokens.SUPPLIER)).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("status", "DECOMMISSIONED")).post("/api/v1/devices/" + h.esme() + "/status-changes").then()
                .statusCode(412).body("code", equalTo("PRECONDITION_FAILED")).body("field", equalTo("If-Match"));
        given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + h.esme()).then().body("status", equalTo("SUSPENDED"));
    }

    @Test
    void ofTwoConcurrentUpdatesFromTheSameVersionExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            Home h = home();
            post(DevTokens.SUPPLIER, "/api/v1/installations", h.request("2020-03-02T10:00:00Z")).statusCode(201);
            String etag = given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + h.esme()).then()
                    .extract().header("ETag");
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<Integer>> calls = new ArrayList<>();
                for (String target : List.of("SUSPENDED", "DECOMMISSIONED")) {
                    // suspension is the operator's, decommissioning the supplier's
                    String client = target.equals("SUSPENDED") ? DevTokens.OPERATOR : DevTokens.SUPPLIER;
                    calls.add(pool.submit(() -> given().auth().oauth2(token(client)).contentType(ContentType.JSON)
                            .header("If-Match", etag).body(Map.of("status", target))
                            .post("/api/v1/devices/" + h.esme() + "/status-changes").then().extract().statusCode()));
                }
                List<Integer> statuses = new ArrayList<>();
                for (var c : calls) {
                    statuses.add(c.get());
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 412);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aChangeOfSupplierMovesAccessAtItsEffectiveTimeAndKeepsTheMeterWorking() {
        Home h = home();
        post(DevTokens.SUPPLIER, "/api/v1/installations", h.request("2020-04-01T10:00:00Z")).statusCode(201);
        // volt-supply gains the meter from a date in the future: bright-energy keeps it until then
        String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        post(DevTokens.OTHER_SUPPLIER, "/api/v1/devices/" + h.esme() + "/supplier-changes", Map.of("effectiveAt", tomorrow))
                .statusCode(200).body("supplierOrg", equalTo("bright-energy")).body("pendingSupplierOrg", equalTo("volt-supply"));
        given().auth().oauth2(token(DevTokens.OTHER_SUPPLIER)).get("/api/v1/devices/" + h.esme()).then().statusCode(403);

        // brought forward to now: from now volt-supply is registered and bright-energy is not
        post(DevTokens.OTHER_SUPPLIER, "/api/v1/devices/" + h.esme() + "/supplier-changes", Map.of()).statusCode(200)
                .body("supplierOrg", equalTo("volt-supply")).body("pendingSupplierOrg", nullValue())
                .body("status", equalTo("COMMISSIONED"));
        given().auth().oauth2(token(DevTokens.OTHER_SUPPLIER)).get("/api/v1/devices/" + h.esme()).then().statusCode(200);
        given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + h.esme()).then().statusCode(403)
                .body("code", equalTo("E4"));
        given().auth().oauth2(token(DevTokens.OTHER_SUPPLIER)).get("/api/v1/devices/" + h.esme() + "/supplier-history").then()
                .statusCode(200).body("supplierOrg", org.hamcrest.Matchers.contains("bright-energy", "volt-supply"))
                .body("[0].effectiveTo", notNullValue()).body("[1].effectiveTo", nullValue());

        // nor can a supplier date its gain in the past and so take over readings collected for the one before it
        String lastMonth = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        post(DevTokens.SUPPLIER, "/api/v1/devices/" + h.esme() + "/supplier-changes", Map.of("effectiveAt", lastMonth))
                .statusCode(400).body("code", equalTo("INVALID_EFFECTIVE_TIME")).body("field", equalTo("effectiveAt"));

        // a supplier cannot ask on another's behalf: its role may use 6.23, but not for a change it does not gain by
        post(DevTokens.SUPPLIER, "/api/v1/devices/" + h.esme() + "/supplier-changes", Map.of("gainingSupplier", "volt-supply"))
                .statusCode(403).body("code", equalTo("E4")).body("field", equalTo("gainingSupplier"));
    }

    @Test
    void aBulkFileWithBadLinesStoresTheGoodOnesAndReportsTheBadOnes() throws Exception {
        List<Home> good = List.of(home(), home(), home());
        List<String> lines = new ArrayList<>();
        lines.add(EventCodec.MAPPER.writeValueAsString(good.get(0).request("2019-05-21T10:00:00Z")));
        lines.add("{not json");
        lines.add(EventCodec.MAPPER.writeValueAsString(good.get(1).request("2019-05-22T10:00:00Z")));
        lines.add(EventCodec.MAPPER.writeValueAsString(Map.of("premises", Map.of("postcode", "LE10 0AA"), "devices", List.of(
                Map.of("deviceId", id(), "deviceType", "CHF"), Map.of("deviceId", id(), "deviceType", "ESME", "mpxn", "2499999999990")))));
        lines.add(EventCodec.MAPPER.writeValueAsString(new Home(id(), id(), id(), id(), id(), good.get(0).mpan())
                .request("2019-05-23T10:00:00Z"))); // the first line's MPAN: refused by the database
        lines.add(EventCodec.MAPPER.writeValueAsString(good.get(2).request("2019-05-24T10:00:00Z")));

        List<Map<String, Object>> results = new ArrayList<>();
        String body = given().auth().oauth2(token(DevTokens.SUPPLIER)).contentType("application/x-ndjson")
                .body((String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/installations/bulk").then().statusCode(200)
                .extract().asString();
        for (String line : body.split("\n")) {
            results.add(EventCodec.MAPPER.readValue(line, Map.class));
        }
        assertThat(results).hasSize(7);
        assertThat(results.subList(0, 6)).extracting(r -> r.get("result"))
                .containsExactly("stored", "rejected", "stored", "rejected", "rejected", "stored");
        assertThat(results.get(1).get("code")).isEqualTo("INVALID_JSON");
        assertThat(results.get(3)).containsEntry("code", "INVALID_MPAN").containsEntry("field", "devices[1].mpxn");
        assertThat(results.get(4)).containsEntry("code", "MPAN_HAS_ACTIVE_ESME").containsEntry("field", "devices[1].mpxn");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) results.get(6).get("summary");
        assertThat(summary).containsEntry("stored", 3).containsEntry("rejected", 3).containsEntry("devices", 15);
        for (Home h : good) {
            given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/devices/" + h.ihd()).then().statusCode(200)
                    .body("status", equalTo("COMMISSIONED"));
        }
    }

    @Test
    void devicesAreListedInPagesWithFilters() {
        Home a = home();
        Home b = home();
        post(DevTokens.SUPPLIER, "/api/v1/installations", a.request("2020-05-01T10:00:00Z")).statusCode(201);
        post(DevTokens.SUPPLIER, "/api/v1/installations", b.request("2020-05-01T11:00:00Z")).statusCode(201);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().auth().oauth2(token(DevTokens.SUPPLIER)).queryParam("type", "GSME")
                    .queryParam("localAuthority", "E07000132").queryParam("limit", 1)
                    .queryParam("cursor", cursor == null ? "" : cursor).get("/api/v1/devices").then().statusCode(200)
                    .body("items", hasSize(1)).extract().jsonPath();
            seen.add(page.getString("items[0].deviceId"));
            assertThat(page.getString("items[0].deviceType")).isEqualTo("GSME");
            cursor = page.getString("nextCursor");
        } while (cursor != null && seen.size() < 10_000);
        assertThat(seen).contains(a.gsme(), b.gsme()).doesNotHaveDuplicates().isSorted();

        given().auth().oauth2(token(DevTokens.OTHER_SUPPLIER)).queryParam("supplier", "bright-energy").get("/api/v1/devices")
                .then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(token(DevTokens.SUPPLIER)).queryParam("cursor", "bogus").get("/api/v1/devices").then()
                .statusCode(400).body("code", equalTo("INVALID_CURSOR"));
        given().auth().oauth2(token(DevTokens.SUPPLIER)).queryParam("status", "SLEEPING").get("/api/v1/devices").then()
                .statusCode(400).body("field", equalTo("status"));
    }

    @Test
    void decommissioningAHubRevokesItsCertificateInTheCrl() throws Exception {
        Home h = home();
        post(DevTokens.SUPPLIER, "/api/v1/installations", h.request("2020-06-01T10:00:00Z")).statusCode(201);
        String serial = post(DevTokens.SUPPLIER, "/api/v1/devices/" + h.chf() + "/certificate", Map.of("csr", InventoryApiTest.csr()))
                .statusCode(201).extract().path("serialNumber");
        String crlBefore = given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/pki/crl.pem").then().statusCode(200)
                .extract().asString();
        assertThat(revokedSerials(crlBefore)).doesNotContain(new java.math.BigInteger(serial, 16));

        post(DevTokens.SUPPLIER, "/api/v1/devices/" + h.chf() + "/status-changes", Map.of("status", "DECOMMISSIONED")).statusCode(200);
        String crlAfter = given().auth().oauth2(token(DevTokens.SUPPLIER)).get("/api/v1/pki/crl.pem").then().statusCode(200)
                .extract().asString();
        assertThat(revokedSerials(crlAfter)).contains(new java.math.BigInteger(serial, 16));
        post(DevTokens.SUPPLIER, "/api/v1/devices/" + h.chf() + "/certificate", Map.of("csr", InventoryApiTest.csr()))
                .statusCode(409).body("code", equalTo("E5"));
    }

    static List<java.math.BigInteger> revokedSerials(String pem) throws Exception {
        var crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return crl.getRevokedCertificates() == null ? List.of()
                : crl.getRevokedCertificates().stream().map(java.security.cert.X509CRLEntry::getSerialNumber).toList();
    }
}
