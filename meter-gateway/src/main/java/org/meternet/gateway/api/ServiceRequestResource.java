package org.meternet.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.meternet.gateway.audit.AuditFilter;
import org.meternet.gateway.client.InventoryLookup;
import org.meternet.gateway.domain.RequestId;
import org.meternet.gateway.domain.ServiceRequest;
import org.meternet.gateway.domain.ServiceRequestState;
import org.meternet.gateway.domain.ServiceRequestVariants;
import org.meternet.gateway.messaging.AnswerWaiters;
import org.meternet.gateway.messaging.HubLink;
import org.meternet.gateway.persistence.Quarantines;
import org.meternet.gateway.persistence.ServiceRequestStore;
import org.meternet.platform.hub.HubCommand;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

/**
 * Service requests to devices, DUIS style: the role must be eligible for the variant (E2), the device known (E19)
 * and the caller's at this time (E4), of a type the variant applies to (E11) and commissioned (E5). The command goes
 * to the device's hub; the answer is given at once (I0) when the device answers within the wait, else 202 (I99)
 * with the request to follow at GET /api/v1/service-requests/{requestId}.
 */
@Path("/api/v1/service-requests")
@Authenticated
@Tag(name = "service requests", description = "DUIS service requests to devices")
public class ServiceRequestResource {
    private static final Logger LOG = Logger.getLogger(ServiceRequestResource.class);

    private final ServiceRequestVariants variants;
    private final InventoryLookup inventory;
    private final ServiceRequestStore store;
    private final HubLink hubs;
    private final AnswerWaiters waiters;
    private final GatewayConfig config;
    private final CurrentCaller caller;
    private final CallLimits limits;
    private final Quarantines quarantines;

    public ServiceRequestResource(ServiceRequestVariants variants, InventoryLookup inventory, ServiceRequestStore store, HubLink hubs,
            AnswerWaiters waiters, GatewayConfig config, CurrentCaller caller, CallLimits limits, Quarantines quarantines) {
        this.limits = limits;
        this.quarantines = quarantines;
        this.variants = variants;
        this.inventory = inventory;
        this.store = store;
        this.hubs = hubs;
        this.waiters = waiters;
        this.config = config;
        this.caller = caller;
    }

    /**
     * A request: the variant, the device, its parameters and, optionally, the originator's own counter (read as JSON
     * and checked by {@link RequestId#counterOf}, so that a fraction or a number beyond a long is refused, not rounded).
     */
    public record NewServiceRequest(String srv, String deviceId, JsonNode params,
            @Schema(implementation = Long.class, type = SchemaType.INTEGER, format = "int64", minimum = "1", maximum = "9007199254740991",
                    description = "the originator's own counter for this request, greater than every one it used before; "
                            + "from 1 to 2^53 - 1. Without it the gateway assigns the next.") JsonNode counter) {
        /** The counter brought, in range, or null. */
        Long checkedCounter() {
            return RequestId.counterOf(counter);
        }
    }

    /** The answer: the DUIS response code beside the request as it stands. */
    public record Answer(String requestId, String responseCode, ServiceRequest request) {
        static Answer of(ServiceRequest r) {
            return new Answer(r.requestId(), r.responseCode(), r);
        }
    }

    @POST
    @Operation(summary = "Send a service request to a device (SRV 4.1.1 read registers, 7.4 supply status, 11.2 firmware "
            + "version, ...): 200 with I0 and the device's answer when it comes within the wait (default 5 s), else 202 "
            + "with I99 and a Location to follow")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "read registers",
            value = "{\"srv\": \"4.1.1\", \"deviceId\": \"00-DB-12-34-56-78-90-A1\", \"params\": {}}")))
    public Uni<Response> send(NewServiceRequest body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (body == null || body.srv() == null) {
            throw ProblemException.badRequest("REQUIRED", "srv", "srv (the service request variant, e.g. 4.1.1) is required");
        }
        AuditFilter.note(AuditFilter.SRV, body.srv());
        Long counter = body.checkedCounter();
        Caller who = caller.get();
        if (who.org() != null && !RequestId.isOriginator(who.org())) {
            throw new ProblemException(403, "E1", null, "the token's organisation '" + who.org() + "' cannot originate requests");
        }
        ServiceRequestVariants.Variant variant = variants.variant(body.srv()).orElseThrow(() -> ProblemException.badRequest(
                "UNKNOWN_SRV", "srv", "'" + body.srv() + "' is not a service request variant of this platform"));
        if (!ServiceRequestVariants.permits(variant, who.roles())) {
            throw ProblemException.roleNotPermitted("SRV " + variant.srv() + " (" + variant.name() + ") is open to roles "
                    + variant.eligibleRoles() + "; the caller has " + who.roles());
        }
        limits.take(who);
        if (!variant.toDevice()) {
            return quarantines.admit(who, variant.srv()).chain(() -> answeredByTheInventory(who, variant, body, counter, authorization));
        }
        String deviceId = DeviceId.parse(body.deviceId(), "deviceId").value();
        AuditFilter.note(AuditFilter.DEVICE, deviceId);
        if (who.org() == null && !who.isOperator()) {
            throw new ProblemException(403, "E1", null, "the token names no organisation");
        }
        return quarantines.admit(who, variant.srv()).chain(() -> inventory.device(deviceId, who, authorization)).chain(device -> {
            if (!variant.deviceTypes().contains(device.deviceType())) {
                throw new ProblemException(422, "E11", "deviceId", "SRV " + variant.srv() + " applies to " + variant.deviceTypes()
                        + ", not to " + device.deviceType() + " " + deviceId);
            }
            if (!"COMMISSIONED".equals(device.status())) {
                throw new ProblemException(409, "E5", "deviceId", "device " + deviceId + " is " + device.status()
                        + "; SRV " + variant.srv() + " needs it commissioned", device.status());
            }
            String hubOfDevice = "CHF".equals(device.deviceType()) ? deviceId : device.chfId();
            if (hubOfDevice == null) {
                throw new ProblemException(409, "E20", "deviceId", "device " + deviceId + " has no comms hub to reach it by");
            }
            // in the form the command's topic names it: only that hub's answers count (HubLink)
            String chf = DeviceId.parse(hubOfDevice, "chfId").value();
            Instant expires = Instant.now().plus(config.timeToLive());
            return store.open(new ServiceRequestStore.NewRequest(originator(who), counter, variant.srv(), deviceId,
                    device.deviceType(), chf, device.regionCode(), who.subject(), body.params(), expires))
                    .chain(id -> dispatch(id, chf, new HubCommand(id.toString(), variant.srv(), deviceId, body.params(), expires)));
        });
    }

    /**
     * Variants the Smart Metering Inventory answers (8.2 read inventory, 12.2 pre-notification, 8.11 / 8.1.1 / 8.3 status
     * changes): called on the caller's behalf, recorded and announced like every service request, answered at once.
     */
    private Uni<Response> answeredByTheInventory(Caller who, ServiceRequestVariants.Variant variant, NewServiceRequest body,
            Long counter, String authorization) {
        String deviceId = "12.2".equals(variant.srv()) ? DeviceId.parse(body.params() == null ? null
                : body.params().path("deviceId").asText(null), "params.deviceId").value() : DeviceId.parse(body.deviceId(), "deviceId").value();
        AuditFilter.note(AuditFilter.DEVICE, deviceId);
        Uni<JsonNode> answer = switch (variant.srv()) {
            case "8.2" -> inventory.call(io.vertx.core.http.HttpMethod.GET, "/api/v1/devices/" + deviceId, null, authorization);
            case "12.2" -> inventory.call(io.vertx.core.http.HttpMethod.POST, "/api/v1/devices", body.params(), authorization);
            case "8.11", "8.1.1", "8.3" -> {
                String status = switch (variant.srv()) {
                    case "8.1.1" -> "COMMISSIONED";
                    case "8.3" -> "DECOMMISSIONED";
                    default -> body.params() == null ? null : body.params().path("status").asText(null);
                };
                if (status == null) {
                    throw ProblemException.badRequest("REQUIRED", "params.status", "SRV 8.11 needs params.status (e.g. WHITELISTED)");
                }
                yield inventory.call(io.vertx.core.http.HttpMethod.POST, "/api/v1/devices/" + deviceId + "/status-changes",
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("status", status), authorization);
            }
            default -> throw ProblemException.badRequest("NOT_A_DEVICE_COMMAND", "srv", "SRV " + variant.srv()
                    + " has no device type to go to and no service to answer it: configure its device-types");
        };
        return store.open(new ServiceRequestStore.NewRequest(originator(who), counter, variant.srv(), deviceId, null, null, null,
                who.subject(), body.params(), Instant.now().plus(config.timeToLive())))
                .chain(id -> {
                    AuditFilter.note(AuditFilter.REQUEST, id.toString());
                    return answer.onFailure(ProblemException.class).call(e -> store.advance(id.toString(), ServiceRequestState.FAILED,
                                    ((ProblemException) e).code(), null))
                            .chain(result -> store.advance(id.toString(), ServiceRequestState.SUCCEEDED, "I0", result));
                })
                .map(r -> Response.ok(Answer.of(r)).build());
    }

    /** The originator a request id names: the caller's organisation, or "operator" for an operator without one. */
    private static String originator(Caller who) {
        return who.org() == null ? "operator" : who.org();
    }

    private Uni<Response> dispatch(RequestId id, String chf, HubCommand command) {
        AuditFilter.note(AuditFilter.REQUEST, id.toString());
        var answer = waiters.register(id.toString());
        return hubs.send(chf, command)
                .invoke(() -> store.markSent(id.toString()))
                .onFailure().recoverWithItem(e -> {
                    // the request stays QUEUED and expires unless sent: say so rather than fail the caller's call
                    LOG.warnf("service request %s could not be handed to the broker: %s", id, e.toString());
                    return null;
                })
                .chain(() -> waiters.await(id.toString(), answer, config.answerWait()))
                .chain(done -> done != null ? Uni.createFrom().item(done) : store.find(id.toString()))
                .map(r -> r.state().terminal()
                        ? Response.ok(Answer.of(r)).build()
                        : Response.accepted(Answer.of(r)).location(URI.create("/api/v1/service-requests/"
                                + URLEncoder.encode(r.requestId(), StandardCharsets.UTF_8))).build());
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "A service request as it stands: QUEUED, SENT, DELIVERED, SUCCEEDED, FAILED, TIMED_OUT (E21) or EXPIRED "
            + "(E20); its originator and the operator may read it")
    public Uni<Answer> get(@PathParam("requestId") String requestId) {
        RequestId id = RequestId.parse(requestId);
        Caller who = caller.get();
        if (!who.isOperator() && !id.originator().equals(who.org())) {
            throw ProblemException.notAuthorisedForDevice(id.target());
        }
        return store.find(id.toString()).map(r -> {
            if (r == null) {
                throw new ProblemException(404, "UNKNOWN_REQUEST", "requestId", "no service request " + requestId);
            }
            return Answer.of(r);
        });
    }
}
