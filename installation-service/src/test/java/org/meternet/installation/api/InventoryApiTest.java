package org.meternet.installation.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.id.MpanCore;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/**
 * installation-service against the real PostgreSQL, the test broker and Keycloak's tokens.
 */
@QuarkusTest
class InventoryApiTest {
    static BrokerWatch events;
    static int counter = 0x10;

    @BeforeAll
    static void watchEvents() {
        events = new BrokerWatch("meternet/v1/events/installation/#");
    }

    @AfterAll
    static void stopWatching() {
        events.close();
    }

    static String newDeviceId() {
        return String.format("00-DB-AA-00-00-00-%02X-%02X", (System.nanoTime() >> 8) & 0xFF, counter++ & 0xFF);
    }

    static String supplier() {
        return DevTokens.of(DevTokens.SUPPLIER);
    }

    static ValidatableResponse post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    static String premises(String postcode) {
        return post(supplier(), "/api/v1/premises", Map.of("postcode", postcode)).statusCode(201)
                .extract().path("premisesId");
    }

    static void moveTo(String deviceId, String... statuses) {
        for (String s : statuses) {
            post(supplier(), "/api/v1/devices/" + deviceId + "/status-changes", Map.of("status", s)).statusCode(200)
                    .body("status", equalTo(s));
        }
    }

    @Test
    void aPremisesGetsItsLocalAuthorityFromThePostcodeSector() {
        post(supplier(), "/api/v1/premises", Map.of("postcode", "me19 4ab")).statusCode(201)
                .body("postcode", equalTo("ME19 4AB"))
                .body("localAuthorityCode", equalTo("E07000115"))
                .body("localAuthorityName", equalTo("Tonbridge and Malling"))
                .body("attribution", startsWith("Contains public sector information"));
    }

    @Test
    void aBadOrUnknownPostcodeIsAProblemNamingTheField() {
        post(supplier(), "/api/v1/premises", Map.of("postcode", "ME19-4AB")).statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_POSTCODE")).body("field", equalTo("postcode"));
        post(supplier(), "/api/v1/premises", Map.of("postcode", "ZZ99 9ZZ")).statusCode(400)
                .body("code", equalTo("UNRESOLVED_POSTCODE"));
    }

    @Test
    void commissioningPublishesEveryChangeThroughTheOutboxInOrder() {
        String premisesId = premises("S44 6JJ");
        String meter = newDeviceId();
        post(supplier(), "/api/v1/devices", Map.of("deviceId", meter, "deviceType", "ESME", "premisesId", premisesId,
                "mpxn", "1100123456782")).statusCode(201)
                .body("status", equalTo("PENDING")).body("supplierOrg", equalTo("bright-energy"))
                .body("distributionArea", equalTo(11));
        moveTo(meter, "WHITELISTED", "INSTALLED_NOT_COMMISSIONED", "COMMISSIONED");

        List<EventEnvelope> mine = awaitEvents(meter, 4);
        assertThat(mine).extracting(EventEnvelope::type).containsExactly("device.pre-notified", "device.status-changed",
                "device.status-changed", "device.commissioned");
        assertThat(mine).extracting(EventEnvelope::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(mine.get(3).data().get("localAuthorityCode").asText()).isEqualTo("E07000033");
        assertThat(mine.get(3).data().get("previousStatus").asText()).isEqualTo("INSTALLED_NOT_COMMISSIONED");

        long before = mine.get(0).sequence() - 1;
        List<Map<String, Object>> served = given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR))
                .queryParam("after", before).queryParam("limit", 1000)
                .when().get("/events").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(served).filteredOn(e -> meter.equals(e.get("subject"))).hasSize(4);

        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).when().get("/events").then().statusCode(403);

        given().auth().oauth2(supplier()).when().get("/api/v1/devices/" + meter + "/status-history").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.contains("PENDING", "WHITELISTED", "INSTALLED_NOT_COMMISSIONED", "COMMISSIONED"));
    }

    @Test
    void theRulesOfTheInventoryAnswerWithTheirCodes() {
        String premisesId = premises("S44 6JJ");
        String meter = newDeviceId();
        post(supplier(), "/api/v1/devices", Map.of("deviceId", meter, "deviceType", "ESME", "premisesId", premisesId,
                "mpxn", "2499999999990")).statusCode(400).body("code", equalTo(MpanCore.CODE)).body("field", equalTo("mpxn"));
        post(supplier(), "/api/v1/devices", Map.of("deviceId", "00-DB-XX", "deviceType", "ESME", "premisesId", premisesId,
                "mpxn", "2499999999991")).statusCode(400).body("code", equalTo("INVALID_EUI64"));
        post(supplier(), "/api/v1/devices", Map.of("deviceId", meter, "deviceType", "METER", "premisesId", premisesId))
                .statusCode(400).body("field", equalTo("deviceType"));

        post(supplier(), "/api/v1/devices", Map.of("deviceId", meter, "deviceType", "ESME", "premisesId", premisesId,
                "mpxn", "2499999999991")).statusCode(201);
        post(supplier(), "/api/v1/devices", Map.of("deviceId", meter, "deviceType", "ESME", "premisesId", premisesId,
                "mpxn", "2499999999991")).statusCode(409).body("code", equalTo("DEVICE_EXISTS"));
        post(supplier(), "/api/v1/devices/" + meter + "/status-changes", Map.of("status", "COMMISSIONED")).statusCode(409)
                .body("code", equalTo("E5")).body("currentStatus", equalTo("PENDING"));
        post(supplier(), "/api/v1/devices/" + meter + "/status-changes", Map.of("status", "WHITELISTED",
                "effectiveAt", "2099-01-01T00:00:00Z")).statusCode(400).body("code", equalTo("INVALID_EFFECTIVE_TIME"));

        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_SUPPLIER)).when().get("/api/v1/devices/" + meter).then()
                .statusCode(403).body("code", equalTo("E4"));
        given().auth().oauth2(DevTokens.of(DevTokens.OPERATOR)).when().get("/api/v1/devices/" + meter).then().statusCode(200);
        given().auth().oauth2(supplier()).when().get("/api/v1/devices/00-DB-FF-00-00-00-00-01").then()
                .statusCode(404).body("code", equalTo("E19"));
        given().when().get("/api/v1/devices/" + meter).then().statusCode(401).body("code", equalTo("E1"));
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.Zm9yZ2Vk").when().get("/api/v1/devices/" + meter)
                .then().statusCode(401);
    }

    @Test
    void aCommissionedHubsCsrIsSignedWithItsEui64AsTheCommonName() throws Exception {
        String premisesId = premises("S44 6JJ");
        String hub = newDeviceId();
        post(supplier(), "/api/v1/devices", Map.of("deviceId", hub, "deviceType", "CHF", "premisesId", premisesId)).statusCode(201);
        String csr = csr();
        post(supplier(), "/api/v1/devices/" + hub + "/certificate", Map.of("csr", csr)).statusCode(409)
                .body("code", equalTo("E5"));

        moveTo(hub, "WHITELISTED", "INSTALLED_NOT_COMMISSIONED", "COMMISSIONED");
        post(DevTokens.of(DevTokens.OTHER_SUPPLIER), "/api/v1/devices/" + hub + "/certificate", Map.of("csr", csr))
                .statusCode(403).body("code", equalTo("E4"));
        post(supplier(), "/api/v1/devices/" + hub + "/certificate", Map.of("csr", "not a csr")).statusCode(400)
                .body("code", equalTo("INVALID_CSR")).body("field", equalTo("csr"));
        String pem = post(supplier(), "/api/v1/devices/" + hub + "/certificate", Map.of("csr", csr)).statusCode(201)
                .extract().path("certificate");

        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate cert = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
        X509Certificate ca = (X509Certificate) cf.generateCertificate(Files.newInputStream(Path.of("../var/pki/device-ca.crt")));
        cert.verify(ca.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=" + hub);
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())).isLessThanOrEqualTo(Duration.ofDays(366));
    }

    static List<EventEnvelope> awaitEvents(String subject, int count) {
        return Eventually.until(count + " events about " + subject, () -> events.received().stream()
                .map(m -> EventCodec.decodeReadable(m.bytes())).filter(e -> subject.equals(e.subject())).toList(),
                mine -> mine.size() >= count);
    }

    static String csr() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        var req = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=whatever-the-hub-asks"), kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
        var out = new java.io.StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(req);
        }
        return out.toString();
    }
}
