package org.meternet.messaging.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.meternet.messaging.api.TelemetryFixture.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.testing.DevTokens;

/** Every bad value on messaging-service's routes is a 400 problem naming the field, never a 404 or a 500. */
@QuarkusTest
class BadInputTest {
    static DeviceId hub;
    static DeviceId meter;
    static String mpan;

    @BeforeEach
    void aMeter() throws Exception {
        if (meter != null) {
            return;
        }
        hub = newId();
        meter = newId();
        mpan = newMpan();
        commission(hub, meter, mpan);
    }

    static void refused(String token, String method, String rawPathAndQuery, String code, String field) {
        var request = given().urlEncodingEnabled(false).auth().oauth2(DevTokens.of(token));
        if ("PUT".equals(method)) {
            request = request.contentType(ContentType.JSON).body(Map.of("level", "DAILY"));
        }
        request.request(method, rawPathAndQuery).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo(code)).body("field", equalTo(field));
    }

    @Test
    void numbersThatDoNotParseOrAreOutOfRangeAre400NotA404() {
        String readings = "/api/v1/devices/" + meter + "/readings?limit=";
        for (String limit : new String[] {"100000000000000000000", "abc", "2147483648", "-2147483649", "-1", "0", "1.5", "1e3"}) {
            refused(DevTokens.SUPPLIER, "GET", readings + limit, "INVALID_LIMIT", "limit");
            refused(DevTokens.OPERATOR, "GET", "/api/v1/traffic?limit=" + limit, "INVALID_LIMIT", "limit");
        }
        refused(DevTokens.SUPPLIER, "GET", readings + "5001", "INVALID_LIMIT", "limit");
        refused(DevTokens.OPERATOR, "GET", "/api/v1/traffic?limit=10001", "INVALID_LIMIT", "limit");
        for (String after : new String[] {"100000000000000000000", "abc", "-1", "9223372036854775808"}) {
            refused(DevTokens.OPERATOR, "POST", "/api/v1/projection/rebuild?after=" + after, "INVALID_SEQUENCE", "after");
        }
    }

    @Test
    void timesOutsideWhatTheDatabaseHoldsOrRunningBackwardsAre400() {
        String readings = "/api/v1/devices/" + meter + "/readings?";
        for (String time : new String[] {"%2B1000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z", "yesterday", "2024-02-30T00:00:00Z"}) {
            refused(DevTokens.SUPPLIER, "GET", readings + "from=" + time, "INVALID_TIME", "from");
            refused(DevTokens.SUPPLIER, "GET", readings + "to=" + time, "INVALID_TIME", "to");
            refused(DevTokens.OPERATOR, "GET", "/api/v1/traffic?from=" + time, "INVALID_TIME", "from");
        }
        refused(DevTokens.SUPPLIER, "GET", readings + "from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "INVALID_RANGE", "to");
        refused(DevTokens.OPERATOR, "GET", "/api/v1/traffic?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "INVALID_RANGE", "to");
        // the extremes that are allowed still answer
        given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER))
                .get(readings + "granularity=monthly&from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z").then().statusCode(200);
    }

    @Test
    void aNulInAQueryParameterOrPathSegmentIs400NotA500() {
        refused(DevTokens.SUPPLIER, "GET", "/api/v1/devices/" + meter + "/readings?granularity=daily%00", "INVALID_CHARACTER",
                "granularity");
        refused(DevTokens.SUPPLIER, "GET", "/api/v1/devices/" + meter + "/readings?from=2024-01-01T00:00:00Z%00", "INVALID_CHARACTER",
                "from");
        refused(DevTokens.SUPPLIER, "GET", "/api/v1/devices/" + meter + "/readings?limit=%0010", "INVALID_CHARACTER", "limit");
        refused(DevTokens.SUPPLIER, "GET", "/api/v1/devices/00DB%0012345678/readings", "INVALID_CHARACTER", "deviceId");
        refused(DevTokens.SUPPLIER, "GET", "/api/v1/devices/" + meter + "%00/connectivity", "INVALID_CHARACTER", "deviceId");
        refused(DevTokens.SUPPLIER, "GET", "/api/v1/metering-points/" + mpan + "%00/consent", "INVALID_CHARACTER", "mpxn");
        refused(DevTokens.SUPPLIER, "PUT", "/api/v1/metering-points/%00/consent", "INVALID_CHARACTER", "mpxn");
        for (String p : new String[] {"supplier", "region", "kind", "direction", "deviceType", "period"}) {
            refused(DevTokens.OPERATOR, "GET", "/api/v1/traffic?" + p + "=x%00y", "INVALID_CHARACTER", p);
        }
        refused(DevTokens.OPERATOR, "GET", "/api/v1/traffic?unknown=%00", "INVALID_CHARACTER", "unknown");
        refused(DevTokens.OPERATOR, "POST", "/api/v1/projection/rebuild?after=%00", "INVALID_CHARACTER", "after");
    }
}
