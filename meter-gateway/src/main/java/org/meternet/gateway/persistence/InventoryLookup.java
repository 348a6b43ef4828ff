package org.meternet.gateway.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.meternet.gateway.api.GatewayConfig;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.problem.ProblemException;

/**
 * The Smart Metering Inventory as the caller may see it: installation-service answers with the caller's own token, so
 * an unknown device (E19) and another organisation's device (E4, change of supplier respected) are its verdicts.
 */
@ApplicationScoped
public class InventoryLookup {
    /** What a service request needs to know of its device. */
    public record TargetDevice(String deviceId, String deviceType, String status, String chfId, String premisesId, String regionCode) {
    }

    private final WebClient client;
    private final GatewayConfig config;
    // a premises never moves region: remember the last few thousand
    private final Map<String, String> regions = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 50_000;
        }
    });

    public InventoryLookup(Vertx vertx, GatewayConfig config) {
        this.client = WebClient.create(vertx);
        this.config = config;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<TargetDevice> device(String deviceId, String authorization) {
        return get("/api/v1/devices/" + deviceId, authorization).chain(d -> {
            String premises = text(d, "premisesId");
            Uni<String> region = premises == null ? Uni.createFrom().nullItem()
                    : regions.containsKey(premises) ? Uni.createFrom().item(regions.get(premises))
                    : get("/api/v1/premises/" + premises, authorization).map(p -> {
                        String r = text(p, "regionCode");
                        if (r != null) {
                            regions.put(premises, r);
                        }
                        return r;
                    });
            return region.map(r -> new TargetDevice(text(d, "deviceId"), text(d, "deviceType"), text(d, "status"), text(d, "chfId"),
                    premises, r));
        });
    }

    /** A call of the Smart Metering Inventory's own API on the caller's behalf (a non-device service request). */
    public Uni<JsonNode> call(io.vertx.core.http.HttpMethod method, String path, JsonNode body, String authorization) {
        var request = client.requestAbs(method, config.installationUrl() + path).putHeader("Authorization", authorization)
                .putHeader("Content-Type", "application/json").timeout(config.timeout().toMillis());
        return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body.toString())))
                .onFailure().transform(e -> new ProblemException(503, "SERVICE_UNAVAILABLE", null,
                        "installation service is not answering; try again shortly"))
                .map(InventoryLookup::body);
    }

    private Uni<JsonNode> get(String path, String authorization) {
        return client.getAbs(config.installationUrl() + path).putHeader("Authorization", authorization)
                .timeout(config.timeout().toMillis()).send()
                .onFailure().transform(e -> new ProblemException(503, "SERVICE_UNAVAILABLE", null,
                        "installation service is not answering; try again shortly"))
                .map(InventoryLookup::body);
    }

    /** The body of a 200; installation-service's own problem (E19, E4, ...) passed on as it is. */
    private static JsonNode body(HttpResponse<Buffer> r) {
        try {
            JsonNode body = EventCodec.MAPPER.readTree(r.bodyAsString() == null ? "{}" : r.bodyAsString());
            if (r.statusCode() == 200 || r.statusCode() == 201) {
                return body;
            }
            throw new ProblemException(r.statusCode(), text(body, "code") == null ? "SERVICE_ERROR" : text(body, "code"),
                    text(body, "field"), text(body, "detail") == null ? "installation service answered " + r.statusCode() : text(body, "detail"));
        } catch (IOException e) {
            throw new ProblemException(502, "SERVICE_ERROR", null, "installation service answered " + r.statusCode() + " without JSON");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
