package org.meternet.simulator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input on every route of the public API, from its OpenAPI document: numbers at and past their limits in every
 * numeric parameter and body field, and malformed JSON in every body. Each is refused with a problem naming what was
 * wrong, never a 5xx, and nothing is created by it.
 */
class HostileInputIT {
    static final List<String> NUMBERS = List.of("-1", "2147483648", "-2147483649", "9223372036854775808", "100000000000000000000",
            "1e309", "NaN", "abc", "0x10", "1.5e3");

    static Estate estate;
    static ApiDocument gateway;

    @BeforeAll
    static void load() {
        estate = Estate.create();
        gateway = ApiDocument.load("meter-gateway", Estate.GATEWAY);
    }

    @Test
    void everyNumericQueryParameterRefusesWhatItCannotTakeWith400NamingIt() {
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (ApiDocument.Op op : gateway.operations()) {
            if (op.isStream()) {
                continue;
            }
            for (ApiDocument.Param p : op.queryParams()) {
                if (!p.numeric()) {
                    continue;
                }
                // a route that needs another parameter answers for that one first: it must still refuse, not take the value
                RawHttp.Reply baseline = RawHttp.send(Estate.GATEWAY, op.method(), estate.target(op) + "?" + p.name() + "=1",
                        callerFor(op).token(), Estate.contentType(op), Estate.plausibleBody(op));
                String otherField = baseline.status() == 400 ? baseline.field("field") : null;
                for (String value : NUMBERS) {
                    tried++;
                    RawHttp.Reply r = RawHttp.send(Estate.GATEWAY, op.method(), estate.target(op) + "?" + p.name() + "=" + value,
                            callerFor(op).token(), Estate.contentType(op), Estate.plausibleBody(op));
                    boolean notANumber = value.equals("abc") || value.equals("NaN") || value.equals("0x10");
                    String field = r.field("field");
                    boolean named = p.name().equals(field) || (otherField != null && otherField.equals(field));
                    if (r.status() >= 500 || (notANumber && r.status() != 400) || (r.status() == 400 && !(r.isProblem() && named))) {
                        wrong.add(op + " with " + p.name() + "=" + value + ": " + r);
                    }
                }
            }
        }
        assertThat(tried).as("numeric query parameters x values").isGreaterThan(100);
        assertThat(wrong).as("numeric parameters answered with a 5xx, or refused without naming the parameter").isEmpty();
    }

    @Test
    void everyNumericBodyFieldRefusesNumbersPastItsLimitsWithoutA5xx() {
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (ApiDocument.Op op : gateway.operations()) {
            JsonNode schema = schema(op);
            if (schema == null || !schema.path("properties").isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> field : schema.path("properties").properties()) {
                String type = resolve(field.getValue()).path("type").asText();
                if (!type.equals("integer") && !type.equals("number")) {
                    continue;
                }
                for (String value : List.of("-1", "0", "9223372036854775807", "9223372036854775808", "1e400", "-1e400", "\"abc\"")) {
                    JsonNode example = ApiDocument.example(op);
                    ObjectNode body = example != null && example.isObject() ? example.deepCopy() : ApiDocument.JSON.createObjectNode();
                    String json = body.put(field.getKey(), "@@").toString().replace("\"@@\"", value);
                    tried++;
                    RawHttp.Reply r = RawHttp.send(Estate.GATEWAY, op.method(), estate.target(op), callerFor(op).token(),
                            "application/json", json.getBytes(StandardCharsets.UTF_8));
                    if (r.status() >= 500 || (r.status() >= 400 && !r.isProblem())) {
                        wrong.add(op + " with " + field.getKey() + "=" + value + ": " + r);
                    }
                }
            }
        }
        assertThat(tried).as("numeric body fields (e.g. a service request's counter)").isPositive();
        assertThat(wrong).isEmpty();
    }

    @Test
    void malformedJsonOnEveryBodyIsRefusedWithAProblem() {
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (ApiDocument.Op op : gateway.operations()) {
            if (!op.hasBody() || !Estate.contentType(op).equals("application/json")) {
                continue;
            }
            for (Map.Entry<String, String> attack : malformed(op).entrySet()) {
                tried++;
                RawHttp.Reply r = RawHttp.send(Estate.GATEWAY, op.method(), estate.target(op), callerFor(op).token(),
                        "application/json", attack.getValue().getBytes(StandardCharsets.UTF_8));
                if (r.status() < 400 || r.status() >= 500 || !r.isProblem() || r.code() == null) {
                    wrong.add(op + " with " + attack.getKey() + ": " + r);
                }
            }
        }
        assertThat(tried).isGreaterThan(30);
        assertThat(wrong).as("malformed bodies that were taken or answered with a 5xx").isEmpty();
    }

    /** Duplicate keys, deep nesting, a huge string, truncation, the wrong type, NUL: each built on the operation's own example. */
    static Map<String, String> malformed(ApiDocument.Op op) {
        JsonNode example = ApiDocument.example(op);
        String json = example == null || !example.isObject() || example.isEmpty() ? "{\"x\":1}" : example.toString();
        String firstMember = json.substring(1, firstMemberEnd(json));
        Map<String, String> attacks = new java.util.LinkedHashMap<>();
        attacks.put("a duplicate key", "{" + firstMember + "," + json.substring(1));
        attacks.put("nesting 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000));
        attacks.put("nesting 10,000 deep in a member", "{\"a\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001));
        attacks.put("a 3 MB string", "{\"" + firstMember.substring(1, firstMember.indexOf('"', 1)) + "\":\"" + "x".repeat(3_000_000) + "\"}");
        attacks.put("a truncated body", json.substring(0, json.length() / 2));
        attacks.put("an array for an object", "[" + json + "]");
        attacks.put("a NUL in a string", json.replaceFirst("\"([^\"]*)\"\\s*:\\s*\"", "\"$1\":\"\\\\u0000"));
        attacks.put("not JSON", "status=COMMISSIONED");
        return attacks;
    }

    private static int firstMemberEnd(String json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && json.charAt(i - 1) != '\\') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                depth++;
            } else if (!inString && (c == '}' || c == ']')) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (!inString && c == ',' && depth == 0) {
                return i;
            }
        }
        return json.length() - 1;
    }

    /** Someone the route is open to, the owner first (its things fill the path). */
    static Estate.Org callerFor(ApiDocument.Op op) {
        if (op.roles().isEmpty() || !Collections.disjoint(op.roles(), estate.owner.roles())) {
            return estate.owner;
        }
        return estate.everyone().stream().filter(o -> !Collections.disjoint(o.roles(), op.roles())).findFirst().orElse(estate.operator);
    }

    static JsonNode schema(ApiDocument.Op op) {
        return schemaOf(op) == null ? null : resolve(schemaOf(op));
    }

    /** The operation's JSON request body schema as declared (perhaps a reference), or null. */
    static JsonNode schemaOf(ApiDocument.Op op) {
        JsonNode s = op.requestBody().path("content").path("application/json").path("schema");
        return s.isMissingNode() ? null : s;
    }

    static JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText(null);
        return ref == null ? schema : gateway.root().at(ref.substring(1));
    }
}
