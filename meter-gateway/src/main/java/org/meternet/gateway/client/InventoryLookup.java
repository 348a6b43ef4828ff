package org.meternet.gateway.client;

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
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.meternet.gateway.api.GatewayConfig;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.DeviceAccess;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.problem.ProblemException;

/**
 * The Smart Metering Inventory as the caller may see it. A device the gateway's projection (kept from
 * installation-service's events) shows commissioned and the caller's (DeviceAccess: registered supplier now, network
 * operator of its area, operator) is taken from there. Anything else is asked of installation-service with the
 * caller's own token, so that an unknown device (E19), another organisation's device (E4, change of supplier respected)
 * and a status short of commissioned are its verdicts, never a stale copy's; a device the projection lacks is taken
 * into it from that answer.
 */
@ApplicationScoped
public class InventoryLookup {
    /** What a service request needs to know of its device. */
    public record TargetDevice(String deviceId, String deviceType, String status, String chfId, String regionCode) {
    }

    private static final Logger LOG = Logger.getLogger(InventoryLookup.class);

    private final WebClient client;
    private final GatewayConfig config;
    private final DeviceProjection projection;
    // a premises never moves region: remember the last few thousand
    private final Map<String, String> regions = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 50_000;
        }
    });

    public InventoryLookup(Vertx vertx, GatewayConfig config, DeviceProjection projection) {
        // as many connections as requests in flight to installation-service at a busy moment, not the default 5
        this.client = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(config.installationConnections()));
        this.config = config;
        this.projection = projection;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<TargetDevice> device(String deviceId, Caller caller, String authorization) {
        return projection.find(deviceId).chain(known -> {
            if (known != null && "COMMISSIONED".equals(known.status())
                    && DeviceAccess.permits(caller, known.supplierOrg(), known.distributionArea())) {
                return Uni.createFrom().item(new TargetDevice(known.deviceId(), known.deviceType(), known.status(), known.chfId(),
                        known.regionCode()));
            }
            return asked(deviceId, authorization, known == null);
        });
    }

    private Uni<TargetDevice> asked(String deviceId, String authorization, boolean remember) {
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
            return region.call(r -> remember ? remember(d, r) : Uni.createFrom().voidItem())
                    .map(r -> new TargetDevice(text(d, "deviceId"), text(d, "deviceType"), text(d, "status"), text(d, "chfId"), r));
        });
    }

    /** The answer into the projection; a copy that cannot be taken costs the next request a call, nothing more. */
    private Uni<Void> remember(JsonNode d, String region) {
        if (text(d, "supplierOrg") == null || text(d, "deviceType") == null || text(d, "status") == null) {
            return Uni.createFrom().voidItem();
        }
        String nextFrom = text(d, "nextSupplierFrom");
        return projection.rememberIfAbsent(new DeviceProjection.Snapshot(text(d, "deviceId"), text(d, "deviceType"), text(d, "status"),
                        text(d, "chfId"), text(d, "supplierOrg"), text(d, "nextSupplierOrg"), nextFrom == null ? null : Instant.parse(nextFrom),
                        d.hasNonNull("distributionArea") ? d.get("distributionArea").asInt() : null, region, text(d, "mpxn")))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("device %s not taken into the projection: %s", text(d, "deviceId"), e.getMessage());
                    return null;
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
