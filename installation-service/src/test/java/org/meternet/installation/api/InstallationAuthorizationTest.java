package org.meternet.installation.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.meternet.platform.testing.DevTokens;

/**
 * Issue 14 as attacks on installation-service directly (no gateway in front): wrong roles, organisations without a
 * relation to the device or premises, and hostile input. The routes are taken from the service's own OpenAPI
 * document, so a route added later is attacked without a new test.
 */
@QuarkusTest
class InstallationAuthorizationTest {
    /** bright-energy's things, made once: a commissioned hub and meter (area 11) from one installation, a meter ready to commission. */
    record Estate(String premisesId, String installationId, String chf, String esme, String ready) {
    }

    static Estate estate;

    static synchronized Estate estate() {
        if (estate == null) {
            InstallationApiTest.Home h = InstallationApiTest.home();
            Map<String, Object> request = Map.of("premises", Map.of("postcode", "S44 6JJ"), "installedAt", "2021-03-01T10:00:00Z",
                    "devices", List.of(Map.of("deviceId", h.chf(), "deviceType", "CHF"),
                            Map.of("deviceId", h.esme(), "deviceType", "ESME", "mpxn", h.mpan())));
            ValidatableResponse installed = post(DevTokens.SUPPLIER, "/api/v1/installations", request).statusCode(201);
            String installationId = installed.extract().path("installationId");
            String premisesId = installed.extract().path("premisesId");
            String ready = InstallationApiTest.id();
            post(DevTokens.SUPPLIER, "/api/v1/devices", Map.of("deviceId", ready, "deviceType", "ESME", "premisesId", premisesId,
                    "mpxn", InstallationApiTest.mpan(), "chfId", h.chf())).statusCode(201);
            for (String s : List.of("WHITELISTED", "INSTALLED_NOT_COMMISSIONED")) {
                post(DevTokens.SUPPLIER, "/api/v1/devices/" + ready + "/status-changes", Map.of("status", s)).statusCode(200);
            }
            estate = new Estate(premisesId, installationId, h.chf(), h.esme(), ready);
        }
        return estate;
    }

    static ValidatableResponse post(String client, String path, Object body) {
        return given().auth().oauth2(DevTokens.of(client)).contentType(ContentType.JSON).body(body).post(path).then();
    }

    static ValidatableResponse get(String client, String path) {
        return given().auth().oauth2(DevTokens.of(client)).get(path).then();
    }

    static String status(String deviceId) {
        return get(DevTokens.OPERATOR, "/api/v1/devices/" + deviceId).statusCode(200).extract().path("status");
    }

    @Test
    void aNetworkOperatorsTokenCannotCommissionSuspendOrDecommissionASuppliersMeterDirectly() {
        Estate e = estate();
        post(DevTokens.NETWORK_OPERATOR, "/api/v1/devices/" + e.ready() + "/status-changes", Map.of("status", "COMMISSIONED"))
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("E2"));
        post(DevTokens.NETWORK_OPERATOR, "/api/v1/devices/" + e.esme() + "/status-changes", Map.of("status", "SUSPENDED"))
                .statusCode(403).body("code", equalTo("E2"));
        post(DevTokens.NETWORK_OPERATOR, "/api/v1/devices/" + e.esme() + "/status-changes", Map.of("status", "DECOMMISSIONED"))
                .statusCode(403).body("code", equalTo("E2"));
        post(DevTokens.NETWORK_OPERATOR, "/api/v1/devices/" + e.chf() + "/certificate", Map.of("csr", "x"))
                .statusCode(403).body("code", equalTo("E2"));
        // nothing moved
        assertThat(status(e.ready())).isEqualTo("INSTALLED_NOT_COMMISSIONED");
        assertThat(status(e.esme())).isEqualTo("COMMISSIONED");

        // it reads what lies in its area (8.2): the device, its premises, its installation
        get(DevTokens.NETWORK_OPERATOR, "/api/v1/devices/" + e.esme()).statusCode(200);
        get(DevTokens.NETWORK_OPERATOR, "/api/v1/premises/" + e.premisesId()).statusCode(200);
        get(DevTokens.NETWORK_OPERATOR, "/api/v1/installations/" + e.installationId()).statusCode(200);
        // a network operator of another area reads none of it
        get(DevTokens.OTHER_NETWORK_OPERATOR, "/api/v1/devices/" + e.esme()).statusCode(403).body("code", equalTo("E4"));
        get(DevTokens.OTHER_NETWORK_OPERATOR, "/api/v1/premises/" + e.premisesId()).statusCode(403).body("code", equalTo("E4"));
    }

    @Test
    void suspensionAndItsEndAreTheOperatorsNotTheSuppliers() {
        InstallationApiTest.Home h = InstallationApiTest.home();
        post(DevTokens.SUPPLIER, "/api/v1/installations", h.request("2021-04-01T10:00:00Z")).statusCode(201);
        post(DevTokens.SUPPLIER, "/api/v1/devices/" + h.esme() + "/status-changes", Map.of("status", "SUSPENDED"))
                .statusCode(403).body("code", equalTo("E2"));
        post(DevTokens.OPERATOR, "/api/v1/devices/" + h.esme() + "/status-changes", Map.of("status", "SUSPENDED")).statusCode(200);
        // back into service is not a commissioning (8.1.1) the supplier may ask for
        post(DevTokens.SUPPLIER, "/api/v1/devices/" + h.esme() + "/status-changes", Map.of("status", "COMMISSIONED"))
                .statusCode(403).body("code", equalTo("E2"));
        assertThat(status(h.esme())).isEqualTo("SUSPENDED");
        post(DevTokens.OPERATOR, "/api/v1/devices/" + h.esme() + "/status-changes", Map.of("status", "COMMISSIONED")).statusCode(200);
    }

    @Test
    void anotherSupplierCannotReadOrChangeTheDeviceOrItsPremises() throws Exception {
        Estate e = estate();
        for (String path : List.of("/api/v1/devices/" + e.esme(), "/api/v1/devices/" + e.esme() + "/status-history",
                "/api/v1/devices/" + e.esme() + "/supplier-history", "/api/v1/premises/" + e.premisesId(),
                "/api/v1/installations/" + e.installationId())) {
            get(DevTokens.OTHER_SUPPLIER, path).statusCode(403).body("code", equalTo("E4"));
        }
        post(DevTokens.OTHER_SUPPLIER, "/api/v1/devices/" + e.ready() + "/status-changes", Map.of("status", "COMMISSIONED"))
                .statusCode(403).body("code", equalTo("E4"));
        post(DevTokens.OTHER_SUPPLIER, "/api/v1/devices/" + e.chf() + "/certificate", Map.of("csr", InventoryApiTest.csr()))
                .statusCode(403).body("code", equalTo("E4"));
        // it cannot join the premises to read it: a device there only by a supplier already there
        post(DevTokens.OTHER_SUPPLIER, "/api/v1/devices", Map.of("deviceId", InstallationApiTest.id(), "deviceType", "IHD",
                "premisesId", e.premisesId())).statusCode(403).body("code", equalTo("E4")).body("field", equalTo("premisesId"));
        post(DevTokens.OTHER_SUPPLIER, "/api/v1/installations", Map.of("premisesId", e.premisesId(), "devices",
                List.of(Map.of("deviceId", InstallationApiTest.id(), "deviceType", "IHD")))).statusCode(403).body("code", equalTo("E4"));
        // nor list its devices by naming it
        List<String> listed = get(DevTokens.OTHER_SUPPLIER, "/api/v1/devices?supplier=bright-energy&limit=1000").statusCode(200)
                .extract().path("items.deviceId");
        assertThat(listed).isEmpty();
        assertThat(status(e.ready())).isEqualTo("INSTALLED_NOT_COMMISSIONED");

        // a premises just registered is its registrant's alone until a device is there
        String fresh = post(DevTokens.OTHER_SUPPLIER, "/api/v1/premises", Map.of("postcode", "ME19 4AB")).statusCode(201)
                .extract().path("premisesId");
        get(DevTokens.OTHER_SUPPLIER, "/api/v1/premises/" + fresh).statusCode(200);
        get(DevTokens.SUPPLIER, "/api/v1/premises/" + fresh).statusCode(403).body("code", equalTo("E4"));
        get(DevTokens.OPERATOR, "/api/v1/premises/" + fresh).statusCode(200);
    }

    // ---- every operation of the service's own OpenAPI document

    record Op(String method, String path) {
        boolean write() {
            return !method.equals("get");
        }

        boolean collection() {
            return !path.contains("{");
        }
    }

    static List<Op> operations() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<Op> ops = new ArrayList<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> ops.add(new Op(m, path))));
        assertThat(ops).as("the document lists the inventory's routes").hasSizeGreaterThan(10);
        return ops;
    }

    static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    /** The path with bright-energy's things in it; a parameter without a fixture fails the test so it gets one. */
    static String concrete(Op op, Estate e) {
        Matcher m = PARAM.matcher(op.path());
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "deviceId" -> op.path().endsWith("/certificate") ? e.chf()
                        : op.path().endsWith("/status-changes") ? e.ready() : e.esme();
                case "premisesId" -> e.premisesId();
                case "installationId" -> e.installationId();
                default -> throw new AssertionError("no fixture for path parameter {" + m.group(1) + "} of " + op);
            };
            m.appendReplacement(b, value);
        }
        m.appendTail(b);
        return b.toString();
    }

    /** A body that would succeed for bright-energy: what is refused is the caller, not the input. */
    static Object body(Op op, Estate e) throws Exception {
        String p = op.path();
        if (p.endsWith("/status-changes")) {
            return Map.of("status", "COMMISSIONED");
        }
        if (p.endsWith("/supplier-changes")) {
            // on bright-energy's behalf: a supplier gaining the meter for itself is the change-of-supplier flow (see report)
            return Map.of("gainingSupplier", "bright-energy");
        }
        if (p.endsWith("/certificate")) {
            return Map.of("csr", InventoryApiTest.csr());
        }
        if (p.equals("/api/v1/premises")) {
            return Map.of("postcode", "S44 6JJ");
        }
        if (p.equals("/api/v1/devices")) {
            return Map.of("deviceId", InstallationApiTest.id(), "deviceType", "IHD", "premisesId", e.premisesId());
        }
        if (p.startsWith("/api/v1/installations")) {
            return Map.of("premisesId", e.premisesId(), "installedAt", "2021-03-02T10:00:00Z",
                    "devices", List.of(Map.of("deviceId", InstallationApiTest.id(), "deviceType", "IHD")));
        }
        return Map.of();
    }

    static Response call(String client, Op op, Estate e) throws Exception {
        var spec = given().auth().oauth2(DevTokens.of(client));
        if (op.write()) {
            Object body = body(op, e);
            if (op.path().endsWith("/bulk")) {
                spec = spec.contentType("application/x-ndjson")
                        .body((org.meternet.platform.event.EventCodec.MAPPER.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                spec = spec.contentType(ContentType.JSON).body(body);
            }
        }
        return spec.request(op.method().toUpperCase(), concrete(op, e));
    }

    @Test
    void everyOperationOfTheDocumentRefusesASupplierWithoutARelationToBrightEnergysThings() throws Exception {
        Estate e = estate();
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Op op : operations()) {
            Response r = call(DevTokens.OTHER_SUPPLIER, op, e);
            int s = r.statusCode();
            String seen = op.method() + " " + op.path() + " -> " + s + " " + r.asString();
            if (op.path().equals("/api/v1/devices") && op.method().equals("get")) {
                List<String> ids = r.jsonPath().getList("items.deviceId");
                if (s != 200 || ids.stream().anyMatch(id -> Set.of(e.chf(), e.esme(), e.ready()).contains(id))) {
                    wrong.put(op.toString(), seen);
                }
            } else if (op.path().startsWith("/api/v1/pki/")) {
                // the CA certificate and the CRL are public by nature (hubs and the broker need them)
                if (s != 200) {
                    wrong.put(op.toString(), seen);
                }
            } else if (op.path().equals("/api/v1/premises") && op.method().equals("post")) {
                // creates its own premises
                if (s != 201) {
                    wrong.put(op.toString(), seen);
                }
            } else if (op.path().endsWith("/bulk")) {
                // the migration answers 200 and a line per installation: the line naming bright-energy's premises is refused
                if (s != 200 || !r.asString().contains("\"code\":\"E4\"") || r.asString().contains("\"result\":\"stored\"")) {
                    wrong.put(op.toString(), seen);
                }
            } else if (s != 403 || !Set.of("E2", "E4").contains(r.jsonPath().getString("code"))) {
                wrong.put(op.toString(), seen);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(status(e.ready())).isEqualTo("INSTALLED_NOT_COMMISSIONED");
        get(DevTokens.SUPPLIER, "/api/v1/devices/" + e.esme()).statusCode(200).body("supplierOrg", equalTo("bright-energy"));
    }

    @Test
    void everyWriteOperationOfTheDocumentRefusesRolesThatMayNotWrite() throws Exception {
        Estate e = estate();
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Op op : operations()) {
            if (!op.write()) {
                continue;
            }
            // the platform's services read, never write: E2 everywhere
            Response svc = call(DevTokens.PLATFORM, op, e);
            if (svc.statusCode() != 403 || !"E2".equals(svc.jsonPath().getString("code"))) {
                wrong.put("platform-service " + op, svc.statusCode() + " " + svc.asString());
            }
            // a network operator (ED) may only register premises (12.2 is for all roles); pre-notifying registers a
            // device to the caller, which only a supplier can be (E4); everything else is a supplier's SRV (E2)
            Response ed = call(DevTokens.NETWORK_OPERATOR, op, e);
            String expected = op.path().equals("/api/v1/premises") ? "201"
                    : op.path().equals("/api/v1/devices") ? "403 E4" : "403 E2";
            String got = ed.statusCode() == 201 ? "201" : ed.statusCode() + " " + ed.jsonPath().getString("code");
            if (!got.equals(expected)) {
                wrong.put("em-networks " + op, got + " (expected " + expected + ") " + ed.asString());
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(status(e.ready())).isEqualTo("INSTALLED_NOT_COMMISSIONED");
    }

    // ---- hostile input

    @Test
    void nulHugeAndNonNumericParametersAre400sNamingTheField() {
        String t = DevTokens.of(DevTokens.SUPPLIER);
        given().auth().oauth2(t).queryParam("supplier", "\u0000").get("/api/v1/devices").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("INVALID_CHARACTER")).body("field", equalTo("supplier"));
        given().auth().oauth2(t).queryParam("localAuthority", "E0\u00007000115").get("/api/v1/devices").then().statusCode(400)
                .body("field", equalTo("localAuthority"));
        for (String limit : List.of("100000000000000000000", "abc", "-1", "0", "1001", "1e3", "\u0000")) {
            given().auth().oauth2(t).queryParam("limit", limit).get("/api/v1/devices").then().statusCode(400)
                    .body("code", oneOf("INVALID_LIMIT", "INVALID_CHARACTER")).body("field", equalTo("limit"));
        }
        given().auth().oauth2(t).queryParam("limit", "1000").get("/api/v1/devices").then().statusCode(200);
        String ops = DevTokens.of(DevTokens.OPERATOR);
        for (String limit : List.of("abc", "100000000000000000000", "-5")) {
            given().auth().oauth2(ops).queryParam("limit", limit).get("/events").then().statusCode(400)
                    .body("code", equalTo("INVALID_LIMIT")).body("field", equalTo("limit"));
        }
        given().auth().oauth2(ops).queryParam("after", "99999999999999999999999").get("/events").then().statusCode(400)
                .body("code", equalTo("INVALID_SEQUENCE")).body("field", equalTo("after"));
        given().auth().oauth2(t).get("/api/v1/devices/{id}", "\u0000").then().statusCode(400).body("field", equalTo("deviceId"));
        given().auth().oauth2(t).get("/api/v1/premises/{id}", "\u0000").then().statusCode(400).body("field", equalTo("premisesId"));
        given().auth().oauth2(t).get("/api/v1/premises/{id}", "not-a-uuid").then().statusCode(400)
                .body("code", equalTo("INVALID_ID")).body("field", equalTo("premisesId"));
        given().auth().oauth2(t).get("/api/v1/installations/{id}", "12345").then().statusCode(400).body("field", equalTo("installationId"));
        // a cursor that decodes to a NUL
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("k1:\u0000".getBytes(StandardCharsets.UTF_8));
        given().auth().oauth2(t).queryParam("cursor", cursor).get("/api/v1/devices").then().statusCode(400)
                .body("code", equalTo("INVALID_CURSOR")).body("field", equalTo("cursor"));
    }

    @Test
    void aDuplicateKeyInAJsonBodyIs400InvalidJson() {
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).contentType(ContentType.JSON)
                .body("{\"postcode\": \"S44 6JJ\", \"postcode\": \"ME19 4AB\"}").post("/api/v1/premises").then()
                .statusCode(400).body("code", equalTo("INVALID_JSON"));
    }

    @Test
    void anOversizedBodyIs413AndTheBulkRouteTakesMore() throws Exception {
        String t = DevTokens.of(DevTokens.SUPPLIER);
        String big = "{\"postcode\": \"S44 6JJ\", \"uprn\": \"" + "1".repeat(300 * 1024) + "\"}";
        given().auth().oauth2(t).contentType(ContentType.JSON).body(big).post("/api/v1/premises").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));

        // a body without a declared length (chunked) is not taken by a JSON route: it could not be refused before it is read
        HttpResponse<String> chunked = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/api/v1/premises"))
                .header("Authorization", "Bearer " + t).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(411);
        assertThat(chunked.body()).contains("\"code\":\"LENGTH_REQUIRED\"");

        // the migration route takes more than the rest (in tests 2 MiB; 1 GiB in production) ...
        byte[] blankLines = "\n".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
        given().auth().oauth2(t).contentType("application/x-ndjson").body(blankLines).post("/api/v1/installations/bulk").then()
                .statusCode(200);
        // ... but not without end
        given().auth().oauth2(t).contentType("application/x-ndjson").body("\n".repeat(3 * 1024 * 1024).getBytes(StandardCharsets.UTF_8)).post("/api/v1/installations/bulk")
                .then().statusCode(413).body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }
}
