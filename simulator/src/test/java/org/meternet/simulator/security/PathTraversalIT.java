package org.meternet.simulator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing a caller puts in a path can change which resource the gateway calls behind it: encoded slashes and dot
 * segments, an encoded '?' or '#', NUL, spaces and quotes, malformed and double encodings, overlong UTF-8, on every
 * parameter of every route of the public API (from its OpenAPI document), sent with the operator's token, the most
 * any caller has.
 */
class PathTraversalIT {
    static final List<String> TRICKS = List.of(
            "..%2F..%2F..%2Fq%2Fmetrics", "..%2F..%2F..%2Fq%2Fopenapi", "%2e%2e%2f%2e%2e%2f%2e%2e%2fq%2fhealth",
            "..%5C..%5Cq%5Cmetrics", "x%3Fsupplier%3Dvolt-supply", "x%23fragment", "%00", "a%00b", "a%20b", "a'b", "a%22b",
            "%zz", "%", "a;b=c", "%2e", "%2e%2e", "%252e%252e%252f", "%C0%AE%C0%AE%2F", "%E2%80%AE", "a%0d%0aX-Injected:%201",
            "A".repeat(5000));

    static Estate estate;
    static ApiDocument gateway;

    @BeforeAll
    static void load() {
        estate = Estate.create();
        gateway = ApiDocument.load("meter-gateway", Estate.GATEWAY);
    }

    @Test
    void everyPathParameterOfEveryRouteRefusesEncodingTricksWithA4xx() {
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (ApiDocument.Op op : gateway.operations()) {
            if (op.isStream()) {
                continue;
            }
            for (ApiDocument.Param p : op.pathParams()) {
                for (String trick : TRICKS) {
                    String target = estate.target(op, p.name(), trick);
                    tried++;
                    RawHttp.Reply r = RawHttp.send(Estate.GATEWAY, op.method(), target, estate.operator.token(),
                            Estate.contentType(op), Estate.plausibleBody(op));
                    if (r.status() < 400 || r.status() >= 500 || leaks(r)) {
                        wrong.add(op + " with " + p.name() + "=" + abbreviated(trick) + ": " + r);
                    }
                }
            }
        }
        assertThat(tried).isGreaterThan(100);
        assertThat(wrong).as("tricks that were not refused with a 4xx").isEmpty();
    }

    @Test
    void theManagementEndpointsAreNotReachableThroughThePublicPort() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/api/v1/../q/metrics", "/api/v1/%2e%2e/q/metrics",
                "/api/v1/reports/..%2F..%2F..%2Fq%2Fmetrics")) {
            RawHttp.Reply r = RawHttp.send(Estate.GATEWAY, "GET", path, estate.operator.token(), null, null);
            assertThat(r.status()).as(path + ": " + r).isBetween(400, 499);
            assertThat(leaks(r)).as(path).isFalse();
        }
        assertThat(RawHttp.send(Estate.GATEWAY, "GET", "/q/openapi", null, null, null).status())
                .as("the public OpenAPI document, without a token").isEqualTo(200);
    }

    /** What a call answered by the wrong resource would show: metrics, health, a service's own document. */
    static boolean leaks(RawHttp.Reply r) {
        return r.body().contains("# HELP") || r.body().contains("\"checks\"") || r.body().contains("\"openapi\"");
    }

    static String abbreviated(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
    }
}
