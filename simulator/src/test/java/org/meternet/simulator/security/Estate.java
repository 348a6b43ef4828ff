package org.meternet.simulator.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.meternet.simulator.Api;
import org.meternet.simulator.Endpoints;
import org.meternet.simulator.Identifiers;

/**
 * What the attacks are aimed at: one supplier's (Bright Energy's, or Volt Supply's) home in Bolsover, with a comms hub and an
 * electricity meter in distribution area 11, a service request of its own; and the organisations that try to
 * reach it. Made through the public API, as the supplier would.
 */
final class Estate {
    static final int GATEWAY = 8080;
    /** The services behind the gateway, attacked directly too: each checks roles and relations itself. */
    static final Map<String, Integer> SERVICES = Map.of("installation-service", 8081, "messaging-service", 8082,
            "reporting-service", 8083);

    /** A caller: its token and the roles the realm gives it. */
    record Org(String name, String token, Set<String> roles) {
        @Override
        public String toString() {
            return name;
        }
    }

    final Org owner;
    /** A supplier with no relation to the owner's meter. */
    final Org otherSupplier;
    /** The network operator of the meter's area (11). */
    final Org areaOperator;
    /** A network operator of another area (23). */
    final Org outsideOperator;
    final Org operator;
    final String hubId;
    final String meterId;
    final String mpan;
    final String premisesId;
    final String installationId;
    final String requestId;

    final Api api;
    final Endpoints endpoints;

    private Estate(Api api, Endpoints endpoints, boolean ownedByVolt) {
        this.api = api;
        this.endpoints = endpoints;
        Org bright = new Org("bright-energy", api.devToken("bright-energy-api"), Set.of("IS", "GS"));
        Org volt = new Org("volt-supply", api.devToken("volt-supply-api"), Set.of("IS"));
        owner = ownedByVolt ? volt : bright;
        otherSupplier = ownedByVolt ? bright : volt;
        areaOperator = new Org("em-networks", api.devToken("em-networks-api"), Set.of("ED"));
        outsideOperator = new Org("north-networks", api.devToken("north-networks-api"), Set.of("ED"));
        operator = new Org("meternet", api.devToken("meternet-ops-api"), Set.of("operator"));
        hubId = Identifiers.deviceId().toString();
        meterId = Identifiers.deviceId().toString();
        mpan = Identifiers.mpan(11).toString();
        ObjectNode body = ApiDocument.JSON.createObjectNode();
        body.putObject("premises").put("postcode", "S44 6JJ");
        body.put("installedAt", Instant.now().minus(1, ChronoUnit.HOURS).toString());
        body.putArray("devices")
                .add(ApiDocument.JSON.createObjectNode().put("deviceId", hubId).put("deviceType", "CHF"))
                .add(ApiDocument.JSON.createObjectNode().put("deviceId", meterId).put("deviceType", "ESME").put("mpxn", mpan));
        Api.Reply installed = api.post(owner.token(), "/api/v1/installations", body);
        if (installed.status() != 201 && installed.status() != 200) {
            throw new IllegalStateException("the estate could not be installed: " + installed);
        }
        installationId = installed.text("installationId");
        premisesId = installed.text("premisesId");
        Api.Reply request = api.post(owner.token(), "/api/v1/service-requests",
                Map.of("srv", "8.2", "deviceId", meterId, "params", Map.of()));
        if (request.status() >= 300) {
            throw new IllegalStateException("the estate's service request was refused: " + request);
        }
        requestId = request.text("requestId");
    }

    static Estate create() {
        return create(false);
    }

    /** The same estate with Volt Supply as its supplier and Bright Energy as the other one. */
    static Estate ofVoltSupply() {
        return create(true);
    }

    private static Estate create(boolean ownedByVolt) {
        Endpoints endpoints = Endpoints.local(System.getProperty("meternet.keycloak", "http://127.0.0.1:8180"),
                Path.of(System.getProperty("meternet.pki", "../var/pki")),
                Integer.getInteger("meternet.broker.port", 1884), Integer.getInteger("meternet.broker.tls-port", 8883));
        return new Estate(new Api(endpoints), endpoints, ownedByVolt);
    }

    List<Org> everyone() {
        return List.of(owner, otherSupplier, areaOperator, outsideOperator, operator);
    }

    /** The value of a path parameter that names something of the owner's, or null when the parameter names nothing owned. */
    String owned(String parameter) {
        return switch (parameter) {
            case "deviceId" -> meterId;
            case "premisesId" -> premisesId;
            case "installationId" -> installationId;
            case "mpxn" -> mpan;
            case "requestId" -> requestId;
            default -> null;
        };
    }

    /** A value for any path parameter: the owner's thing where it names one, else a well-formed sample. */
    String sample(String parameter) {
        String owned = owned(parameter);
        if (owned != null) {
            return owned;
        }
        return switch (parameter) {
            case "localAuthorityCode" -> "E07000033";
            case "org" -> owner.name();
            default -> UUID.randomUUID().toString();
        };
    }

    /** The operation's path with every parameter filled by {@link #sample}. */
    String target(ApiDocument.Op op) {
        return target(op, null, null);
    }

    /** The operation's path with {@code parameter} set to {@code raw}, sent as it is, and the others filled. */
    String target(ApiDocument.Op op, String parameter, String raw) {
        String path = op.path();
        for (ApiDocument.Param p : op.pathParams()) {
            path = path.replace("{" + p.name() + "}", p.name().equals(parameter) ? raw : encode(sample(p.name())));
        }
        return path;
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A body the operation would take: its documented example, or an empty object. */
    static byte[] plausibleBody(ApiDocument.Op op) {
        if (!op.hasBody()) {
            return null;
        }
        JsonNode example = ApiDocument.example(op);
        return (example == null ? "{}" : example.toString()).getBytes(StandardCharsets.UTF_8);
    }

    static String contentType(ApiDocument.Op op) {
        JsonNode content = op.requestBody().path("content");
        return content.fieldNames().hasNext() ? content.fieldNames().next() : "application/json";
    }

    static Map<String, ApiDocument> services() {
        Map<String, ApiDocument> docs = new LinkedHashMap<>();
        SERVICES.forEach((name, port) -> docs.put(name, ApiDocument.load(name, port)));
        return docs;
    }
}
