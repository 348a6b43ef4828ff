package org.meternet.installation.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.installation.api.InventoryDtos.CertificateRequest;
import org.meternet.installation.api.InventoryDtos.Device;
import org.meternet.installation.api.InventoryDtos.NewDevice;
import org.meternet.installation.api.InventoryDtos.StatusChangeRequest;
import org.meternet.installation.api.InventoryDtos.StatusHistoryEntry;
import org.meternet.installation.domain.InventoryService;
import org.meternet.installation.persistence.DeviceEntity;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.CurrentCaller;

@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "devices", description = "Devices in the Smart Metering Inventory and their SMI status")
public class DeviceResource {
    private final InventoryService inventory;
    private final CurrentCaller caller;

    public DeviceResource(InventoryService inventory, CurrentCaller caller) {
        this.inventory = inventory;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Pre-notify a device (SRV 12.2): it enters the inventory as PENDING, registered to the caller")
    public Uni<Response> preNotify(NewDevice request) {
        if (request == null) {
            throw ProblemException.badRequest("REQUIRED", null, "a device description is required");
        }
        return inventory.preNotify(request, caller.get())
                .map(d -> Response.created(URI.create("/api/v1/devices/" + d.id)).entity(view(d)).tag(etag(d)).build());
    }

    @GET
    @Path("/{deviceId}")
    @Operation(summary = "Read one device (SRV 8.2 Read Inventory)")
    public Uni<Response> get(@PathParam("deviceId") String deviceId) {
        return inventory.device(deviceId, caller.get()).map(d -> Response.ok(view(d)).tag(etag(d)).build());
    }

    @POST
    @Path("/{deviceId}/status-changes")
    @Operation(summary = "Move a device to another SMI status (whitelist 8.11, join the HAN, commission 8.1.1, decommission 8.3...)")
    public Uni<Response> changeStatus(@PathParam("deviceId") String deviceId, StatusChangeRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("REQUIRED", "status", "status is required");
        }
        return inventory.changeStatus(deviceId, InventoryService.status(request.status()), request.effectiveAt(), caller.get())
                .map(d -> Response.ok(view(d)).tag(etag(d)).build());
    }

    @GET
    @Path("/{deviceId}/status-history")
    @Operation(summary = "The device's SMI status history with effective times")
    public Uni<List<StatusHistoryEntry>> history(@PathParam("deviceId") String deviceId) {
        return inventory.history(deviceId, caller.get()).map(list -> list.stream()
                .map(h -> new StatusHistoryEntry(h.status.name(), h.effectiveAt, h.recordedAt, h.changedBy)).toList());
    }

    @POST
    @Path("/{deviceId}/certificate")
    @Operation(summary = "Sign a commissioned hub's CSR: the certificate's CN is the hub's EUI-64")
    public Uni<Response> certificate(@PathParam("deviceId") String deviceId, CertificateRequest request) {
        return inventory.issueHubCertificate(deviceId, request, caller.get())
                .map(c -> Response.status(Response.Status.CREATED).entity(c).build());
    }

    static Device view(DeviceEntity d) {
        return new Device(d.id, d.deviceType.name(), d.status.name(), d.statusEffectiveAt, d.premisesId, null, d.mpxn,
                d.fuel, d.distributionArea, d.chfId, d.supplierOrg, d.manufacturer, d.model, d.firmwareVersion,
                d.smetsVersion, d.version);
    }

    static jakarta.ws.rs.core.EntityTag etag(DeviceEntity d) {
        return new jakarta.ws.rs.core.EntityTag(Long.toString(d.version));
    }
}
