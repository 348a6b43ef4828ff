package org.meternet.installation.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.api.QueryParams;
import org.meternet.installation.api.InventoryDtos.CertificateRequest;
import org.meternet.installation.api.InventoryDtos.Device;
import org.meternet.installation.api.InventoryDtos.NewDevice;
import org.meternet.installation.api.InventoryDtos.StatusChangeRequest;
import org.meternet.installation.api.InventoryDtos.StatusHistoryEntry;
import org.meternet.installation.api.InventoryDtos.SupplierChangeRequest;
import org.meternet.installation.api.InventoryDtos.SupplierPeriod;
import org.meternet.installation.domain.DeviceType;
import org.meternet.installation.domain.HubCertificates;
import org.meternet.installation.domain.InstallationPlan.Plan;
import org.meternet.installation.domain.InstallationPlan.PlannedDevice;
import org.meternet.installation.domain.InventoryService;
import org.meternet.installation.domain.InventoryService.DeviceFilter;
import org.meternet.installation.domain.SmiStatus;
import org.meternet.installation.persistence.DeviceEntity;
import org.meternet.platform.api.Cursor;
import org.meternet.platform.api.Idempotency;
import org.meternet.platform.api.Page;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "devices", description = "Devices in the Smart Metering Inventory, their SMI status and registered supplier")
public class DeviceResource {
    static final int MAX_PAGE = 1000;
    private final InventoryService inventory;
    private final HubCertificates certificates;
    private final CurrentCaller caller;
    private final Pool pool;

    public DeviceResource(InventoryService inventory, HubCertificates certificates, CurrentCaller caller, Pool pool) {
        this.inventory = inventory;
        this.certificates = certificates;
        this.caller = caller;
        this.pool = pool;
    }

    @POST
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "an electricity meter on its hub",
            value = "{\"deviceId\": \"00-DB-12-34-56-78-90-A1\", \"deviceType\": \"ESME\", \"premisesId\": \"7f3c9a52-1d4e-4b8a-9c61-2f5e8d0a4b17\", \"mpxn\": \"1200012345679\", \"chfId\": \"00-DB-12-34-56-78-90-A0\"}")))
    @Operation(summary = "Pre-notify a device (SRV 12.2): it enters the inventory as PENDING, registered to the caller. "
            + "Send Idempotency-Key to make retries safe.")
    public Uni<Response> preNotify(NewDevice request, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        Caller who = caller.get();
        Plan plan = inventory.planPreNotification(request, who);
        return Idempotency.once(pool, who.org(), idempotencyKey, ApiSupport.json(request), tx -> inventory.preNotify(tx, plan, who)
                .map(outcome -> {
                    if (!outcome.written()) {
                        throw outcome.problem();
                    }
                    PlannedDevice d = plan.devices().get(0);
                    return ApiSupport.created("/api/v1/devices/" + d.deviceId(), new Device(d.deviceId(), d.type().name(),
                            SmiStatus.PENDING.name(), plan.installedAt(), outcome.premises().id(), null, d.mpxn(), d.fuel(),
                            d.distributionArea(), d.chfId(), d.gpfId(), d.meterId(), plan.supplierOrg(), null, null,
                            d.manufacturer(), d.model(), d.firmwareVersion(), d.smetsVersion(), 0));
                }))
                .map(ApiSupport::replay);
    }

    @GET
    @Operation(summary = "Devices the caller may see, filtered, in pages (follow nextCursor)")
    public Uni<Page<Device>> list(@QueryParam("supplier") String supplier, @QueryParam("localAuthority") String localAuthority,
            @QueryParam("status") String status, @QueryParam("type") String type, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @Parameter(description = "page size, 1 to " + MAX_PAGE + " (default 100)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000")) String limit) {
        int size = (int) QueryParams.integer(limit, "limit", "INVALID_LIMIT", 1, MAX_PAGE, Math.min(100, MAX_PAGE));
        return inventory.devices(new DeviceFilter(supplier, localAuthority, status, type), cursor, size, caller.get())
                .map(found -> {
                    List<Device> items = found.stream().limit(size).map(ApiSupport::view).toList();
                    String next = found.size() > size ? Cursor.after(items.get(items.size() - 1).deviceId()) : null;
                    return new Page<>(items, next);
                });
    }

    @GET
    @Path("/{deviceId}")
    @Operation(summary = "Read one device (SRV 8.2 Read Inventory); the ETag is its version")
    public Uni<Response> get(@PathParam("deviceId") String deviceId) {
        return inventory.device(deviceId, caller.get()).map(ApiSupport::ok);
    }

    @POST
    @Path("/{deviceId}/status-changes")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "commission",
            value = "{\"status\": \"COMMISSIONED\", \"effectiveAt\": \"2026-11-29T09:30:00Z\"}")))
    @Operation(summary = "Move a device to another SMI status (8.11 whitelist, join the HAN, 8.1.1 commission, 8.3 decommission...); "
            + "If-Match with the ETag guards against lost updates")
    public Uni<Response> changeStatus(@PathParam("deviceId") String deviceId, StatusChangeRequest request,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        if (request == null) {
            throw ProblemException.badRequest("REQUIRED", "status", "status is required");
        }
        return inventory.changeStatus(deviceId, InventoryService.status(request.status()), request.effectiveAt(),
                        ApiSupport.ifMatch(ifMatch), caller.get())
                .call(d -> d.deviceType == DeviceType.CHF && d.status == SmiStatus.DECOMMISSIONED
                        ? certificates.publishCrl() : Uni.createFrom().voidItem())
                .map(ApiSupport::ok);
    }

    @POST
    @Path("/{deviceId}/supplier-changes")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "to volt-supply from the 1st",
            value = "{\"gainingSupplier\": \"volt-supply\", \"effectiveAt\": \"2026-12-01T00:00:00Z\"}")))
    @Operation(summary = "Change of supplier, asked by the gaining supplier: from effectiveAt it is the registered supplier")
    public Uni<Response> changeSupplier(@PathParam("deviceId") String deviceId, SupplierChangeRequest request,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        SupplierChangeRequest r = request == null ? new SupplierChangeRequest(null, null) : request;
        return inventory.changeSupplier(deviceId, r.gainingSupplier(), r.effectiveAt(), ApiSupport.ifMatch(ifMatch), caller.get())
                .map(ApiSupport::ok);
    }

    @GET
    @Path("/{deviceId}/status-history")
    @Operation(summary = "The device's SMI status history with effective times")
    public Uni<List<StatusHistoryEntry>> history(@PathParam("deviceId") String deviceId) {
        return inventory.history(deviceId, caller.get()).map(list -> list.stream()
                .map(h -> new StatusHistoryEntry(h.status.name(), h.effectiveAt, h.recordedAt, h.changedBy)).toList());
    }

    @GET
    @Path("/{deviceId}/supplier-history")
    @Operation(summary = "Who was the registered supplier when")
    public Uni<List<SupplierPeriod>> supplierHistory(@PathParam("deviceId") String deviceId) {
        return inventory.supplierHistory(deviceId, caller.get()).map(list -> {
            List<SupplierPeriod> periods = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Instant to = i + 1 < list.size() ? list.get(i + 1).effectiveFrom : null;
                periods.add(new SupplierPeriod(list.get(i).supplierOrg, list.get(i).effectiveFrom, to));
            }
            return periods;
        });
    }

    @POST
    @Path("/{deviceId}/certificate")
    @Operation(summary = "Sign a commissioned hub's CSR (its registered supplier asks): the certificate's CN is the hub's EUI-64")
    public Uni<Response> certificate(@PathParam("deviceId") String deviceId, CertificateRequest request) {
        return certificates.issue(deviceId, request, caller.get())
                .map(c -> Response.status(Response.Status.CREATED).entity(c).build());
    }

}
