package org.meternet.simulator.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations a service's OpenAPI document declares, read from the running service: the security tests
 * enumerate routes from it, so that a route added tomorrow is attacked without a new test.
 */
record ApiDocument(String service, int port, JsonNode root, List<Op> operations) {
    static final ObjectMapper JSON = new ObjectMapper();

    record Param(String name, String in, String type) {
        boolean numeric() {
            return "integer".equals(type) || "number".equals(type);
        }
    }

    /**
     * @param roles the roles the document says may call it; empty when any authenticated caller may (the resource
     *              then decides)
     */
    record Op(String service, int port, String method, String path, List<Param> params, Set<String> roles, boolean hasBody,
            JsonNode requestBody) {
        List<Param> pathParams() {
            return params.stream().filter(p -> p.in().equals("path")).toList();
        }

        List<Param> queryParams() {
            return params.stream().filter(p -> p.in().equals("query")).toList();
        }

        boolean isStream() {
            return path.endsWith("/stream");
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + service + ")";
        }
    }

    static ApiDocument load(String service, int port) {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/q/openapi?format=json", null, null, null);
        if (r.status() != 200) {
            throw new IllegalStateException(service + " serves no OpenAPI document: " + r);
        }
        try {
            JsonNode root = JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
            List<Op> ops = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
                for (String method : List.of("get", "post", "put", "delete", "patch")) {
                    JsonNode op = path.getValue().get(method);
                    if (op == null) {
                        continue;
                    }
                    List<Param> params = new ArrayList<>();
                    for (JsonNode p : op.path("parameters")) {
                        params.add(new Param(p.path("name").asText(), p.path("in").asText(), p.path("schema").path("type").asText(null)));
                    }
                    Set<String> roles = new LinkedHashSet<>();
                    for (JsonNode requirement : op.path("security")) {
                        requirement.properties().forEach(e -> e.getValue().forEach(role -> roles.add(role.asText())));
                    }
                    ops.add(new Op(service, port, method.toUpperCase(), path.getKey(), params, roles, op.has("requestBody"),
                            op.path("requestBody")));
                }
            }
            return new ApiDocument(service, port, root, ops);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(service + "'s OpenAPI document is not JSON", e);
        }
    }

    /** The first example of the operation's JSON request body, or null. */
    static JsonNode example(Op op) {
        JsonNode json = op.requestBody().path("content").path("application/json");
        JsonNode examples = json.path("examples");
        if (examples.isObject() && examples.size() > 0) {
            return examples.elements().next().path("value");
        }
        return json.has("example") ? json.get("example") : null;
    }
}
