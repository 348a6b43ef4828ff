package org.meternet.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternet.platform.security.VerifiedTokens;
import org.meternet.platform.testing.DevTokens;

/**
 * The gateway's own checks, before anything reaches a service. In the test profile the services
 * behind it are not running, which also shows how the gateway answers when one is down.
 */
@QuarkusTest
class PublicApiTest {
    @Inject
    VerifiedTokens verifiedTokens;
    static final String METER = "/api/v1/devices/00-DB-00-00-00-00-00-02";

    @Test
    void aRoleNotEligibleForTheServiceRequestIsRefusedWithE2() {
        given().auth().oauth2(DevTokens.of(DevTokens.NETWORK_OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("status", "COMMISSIONED")).post(METER + "/status-changes")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("E2")).body("detail", containsString("8.1.1"));
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).contentType(ContentType.JSON)
                .body(Map.of("status", "SUSPENDED")).post(METER + "/status-changes")
                .then().statusCode(403).body("code", equalTo("E2"));
    }

    @Test
    void withoutAValidTokenNothingPasses() {
        given().get(METER).then().statusCode(401).body("code", equalTo("E1"));
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5IiwiaXNzIjoiaHR0cDovLzEyNy4wLjAuMTo4MTgwL3JlYWxtcy9tZXRlcm5ldCJ9.Zm9yZ2Vk")
                .get(METER).then().statusCode(401);
    }

    @Test
    void aTokenMadeForAnotherApiIsRefused() {
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get("/api/v1/alerts/webhooks").then().statusCode(200);
        given().auth().oauth2(DevTokens.of(DevTokens.OTHER_AUDIENCE)).get("/api/v1/alerts/webhooks").then().statusCode(401)
                .body("code", equalTo("E1"));
    }

    @Test
    void aVerifiedTokenIsTakenAgainOnlyUntilItExpires() {
        String token = DevTokens.of(DevTokens.SHORT_LIVED); // lives 10 s
        given().auth().oauth2(token).get("/api/v1/alerts/webhooks").then().statusCode(200);
        long reused = verifiedTokens.reused();
        given().auth().oauth2(token).get("/api/v1/alerts/webhooks").then().statusCode(200);
        assertThat(verifiedTokens.reused()).as("the second call is answered from the first verification").isGreaterThan(reused);
        org.meternet.platform.testing.Eventually.until("the token to expire and be refused", () -> given().auth().oauth2(token)
                .get("/api/v1/alerts/webhooks").then().extract().statusCode() == 401);
    }

    @Test
    void anOperationOutsideTheApiIsNotFound() {
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).delete(METER).then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void anEligibleCallToAServiceThatIsDownIsAnsweredWith503() {
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER)).get(METER).then().statusCode(503)
                .body("code", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void theOpenApiDocumentIsPublicButHealthAndMetricsAreOnlyOnTheManagementPort() {
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/live").then().statusCode(404);
        int management = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class);
        given().port(management).get("/q/health/live").then().statusCode(200);
        given().port(management).get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentIsTheWholePublicApiWithExamples() {
        io.restassured.path.json.JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        // the services' operations the gateway forwards, each from the document its service wrote
        assertThat(paths).containsKeys("/api/v1/devices", "/api/v1/devices/{deviceId}", "/api/v1/devices/{deviceId}/status-changes",
                "/api/v1/installations", "/api/v1/premises", "/api/v1/devices/{deviceId}/readings",
                "/api/v1/metering-points/{mpxn}/consent", "/api/v1/traffic");
        assertThat(paths.keySet()).anyMatch(p -> p.startsWith("/api/v1/reports/"));
        // the gateway's own, and no catch-all in their place
        assertThat(paths).containsKeys("/api/v1/service-requests", "/api/v1/alerts/stream", "/api/v1/audit")
                .doesNotContainKey("/api/v1/{path}");
        // nothing a service serves that the gateway does not forward to it
        for (String path : paths.keySet()) {
            if (path.startsWith("/api/v1/") && !path.startsWith("/api/v1/service-requests") && !path.startsWith("/api/v1/alerts")
                    && !path.startsWith("/api/v1/audit") && !path.startsWith("/api/v1/quarantines")) {
                for (String method : paths.get(path).keySet()) {
                    assertThat(org.meternet.gateway.domain.Route.ofTemplate(method.toUpperCase(), path))
                            .as(method + " " + path).isPresent();
                }
            }
        }
        assertThat(doc.getString("paths.'/api/v1/devices'.post.requestBody.content.'application/json'.examples"))
                .contains("ESME");
        assertThat(doc.getString("info.title")).isEqualTo("meternet public API");
    }
}
