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
import org.meternet.platform.api.QueryParams;
import org.meternet.messaging.domain.Consent.Level;
import org.meternet.messaging.persistence.ConsentStore;
import org.meternet.messaging.persistence.ConsentStore.Recorded;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;
import java.time.Instant;
import org.meternet.messaging.domain.DataAccess;
import org.meternet.messaging.domain.RegistrationHistory;
import org.meternet.messaging.domain.RegistrationHistory.Period;
import org.meternet.messaging.persistence.SupplierRegistrations;

/**
 * The consumer's data access choice for a metering point, recorded by its registered supplier. A choice holds for the
 * registration it was recorded under: a supplier sees and sets it only while registered, and never sees one recorded
 * under another supplier's registration.
 */
@Path("/api/v1/metering-points/{mpxn}/consent")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "consent", description = "How finely a metering point's consumption may be read")
public class ConsentResource {
    private final ConsentStore consents;
    private final DeviceProjection projection;
    private final CurrentCaller caller;
    private final SupplierRegistrations registrations;

    public ConsentResource(ConsentStore consents, DeviceProjection projection, CurrentCaller caller,
            SupplierRegistrations registrations) {
        this.registrations = registrations;
        this.consents = consents;
        this.projection = projection;
        this.caller = caller;
    }

    public record ConsentChange(String level) {
    }

    @GET
    @RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
    @Operation(summary = "The consent level of a metering point in force for its current registration (DAILY when the "
            + "consumer made no choice during it); a supplier only while it is the registered supplier")
    public Uni<Recorded> consent(@PathParam("mpxn") String mpxn) {
        return registrationNow(mpxn).chain(period -> consents.find(mpxn, period));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"IS", "ES", "GS", "operator"})
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "half-hourly readings",
            value = "{\"level\": \"HALF_HOURLY\"}")))
    @Operation(summary = "Records the consumer's choice: MONTHLY, DAILY or HALF_HOURLY (registered supplier only); it "
            + "holds for the current registration")
    public Uni<Recorded> record(@PathParam("mpxn") String mpxn, ConsentChange change) {
        Level level = Level.parse(change == null ? null : change.level()).orElseThrow(() -> ProblemException.badRequest(
                "INVALID_CONSENT", "level", "level must be MONTHLY, DAILY or HALF_HOURLY"));
        return registrationNow(mpxn).chain(() -> consents.record(mpxn, level, caller.get().org()));
    }

    /**
     * The registration in force now of the metering point's meter, when the caller is entitled to it now: the operator,
     * the network operator of its area, or its registered supplier at this instant (a former supplier is not).
     */
    private Uni<Period> registrationNow(String mpxn) {
        Caller c = caller.get();
        Instant now = Instant.now();
        return consents.meterOn(mpxn).chain(deviceId -> deviceId == null ? Uni.createFrom().nullItem()
                : projection.find(deviceId)).chain(meter -> {
                    if (meter == null) {
                        throw new ProblemException(404, "E19", "mpxn", "no meter on metering point " + QueryParams.printable(mpxn)
                                + " is in the Smart Metering Inventory");
                    }
                    return registrations.of(meter.deviceId()).map(found -> {
                        RegistrationHistory history = found.isEmpty() ? RegistrationHistory.only(meter.supplierOrg()) : found;
                        if (!DataAccess.permitsNow(c, history, meter.distributionArea(), now)) {
                            throw ProblemException.notAuthorisedForDevice(meter.deviceId());
                        }
                        return history.registrationPeriodAt(now).orElse(Period.ALWAYS);
                    });
                });
    }
}
