package org.meternet.messaging.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.messaging.domain.HubMessageCheck;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.CurrentCaller;
import org.meternet.platform.security.DeviceAccess;

/** Whether the network edge accepts a device's traffic now, and why not: the first question on a support call. */
@Path("/api/v1/devices/{deviceId}/connectivity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "readings")
public class ConnectivityResource {
    private final DeviceProjection projection;
    private final CurrentCaller caller;

    public ConnectivityResource(DeviceProjection projection, CurrentCaller caller) {
        this.projection = projection;
        this.caller = caller;
    }

    public record Connectivity(String deviceId, String smiStatus, String chfId, boolean acceptsTraffic, String reason) {
    }

    @GET
    @Operation(summary = "The device as the network edge knows it, and whether its hub's messages are accepted")
    public Uni<Connectivity> get(@PathParam("deviceId") String deviceIdText) {
        DeviceId id = DeviceId.parse(deviceIdText);
        return projection.find(id.value()).map(known -> {
            if (known == null) {
                throw ProblemException.unknownDevice(id.value());
            }
            // the device as it stands now: its registered supplier now (KnownDevice.supplierOrg), not a former one
            if (!DeviceAccess.permits(caller.get(), known.supplierOrg(), known.distributionArea())) {
                throw ProblemException.notAuthorisedForDevice(id.value());
            }
            String hub = "CHF".equals(known.deviceType()) ? known.deviceId() : known.chfId();
            HubMessageCheck.Verdict v = hub == null
                    ? new HubMessageCheck.Verdict(false, "NO_HUB", "the device is not associated with a hub")
                    : HubMessageCheck.check(known, id.value(), hub);
            return new Connectivity(id.value(), known.status(), hub, v.accepted(), v.reason());
        });
    }
}
