package org.meternet.messaging.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.messaging.domain.Consent.Level;
import org.meternet.messaging.persistence.ConsentStore;
import org.meternet.messaging.persistence.ConsentStore.Recorded;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;
import org.meternet.platform.security.DeviceAccess;

/** The consumer's data access choice for a metering point, recorded by its registered supplier. */
@Path("/api/v1/metering-points/{mpxn}/consent")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "consent", description = "How finely a metering point's consumption may be read")
public class ConsentResource {
    private final ConsentStore consents;
    private final DeviceProjection projection;
    private final CurrentCaller caller;

    public ConsentResource(ConsentStore consents, DeviceProjection projection, CurrentCaller caller) {
        this.consents = consents;
        this.projection = projection;
        this.caller = caller;
    }

    public record ConsentChange(String level) {
    }

    @GET
    @RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
    @Operation(summary = "The consent level of a metering point (DAILY when the consumer made no choice)")
    public Uni<Recorded> consent(@PathParam("mpxn") String mpxn) {
        return authorised(mpxn).chain(() -> consents.find(mpxn));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"IS", "ES", "GS", "operator"})
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "half-hourly readings",
            value = "{\"level\": \"HALF_HOURLY\"}")))
    @Operation(summary = "Records the consumer's choice: MONTHLY, DAILY or HALF_HOURLY (registered supplier only)")
    public Uni<Recorded> record(@PathParam("mpxn") String mpxn, ConsentChange change) {
        Level level = Level.parse(change == null ? null : change.level()).orElseThrow(() -> ProblemException.badRequest(
                "INVALID_CONSENT", "level", "level must be MONTHLY, DAILY or HALF_HOURLY"));
        return authorised(mpxn).chain(() -> consents.record(mpxn, level, caller.get().org()));
    }

    /** The caller must be entitled to the metering point's meter, as to its readings. */
    private Uni<Void> authorised(String mpxn) {
        return consents.meterOn(mpxn).chain(deviceId -> deviceId == null ? Uni.createFrom().nullItem()
                : projection.find(deviceId)).map(meter -> {
                    if (meter == null) {
                        throw new ProblemException(404, "E19", "mpxn", "no meter on metering point " + mpxn
                                + " is in the Smart Metering Inventory");
                    }
                    Caller c = caller.get();
                    if (!DeviceAccess.permits(c, meter.supplierOrg(), meter.distributionArea())) {
                        throw ProblemException.notAuthorisedForDevice(meter.deviceId());
                    }
                    return null;
                }).replaceWithVoid();
    }
}
