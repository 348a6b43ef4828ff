package org.meternet.messaging.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.api.QueryParams;
import org.meternet.messaging.domain.Consent.Granularity;
import org.meternet.messaging.domain.Consent.Level;
import org.meternet.messaging.persistence.ConsentStore;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.messaging.persistence.ReadingQueries;
import org.meternet.messaging.persistence.ReadingQueries.ReadingPoint;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.CurrentCaller;
import org.meternet.platform.security.Caller;
import org.meternet.messaging.domain.DataAccess;
import org.meternet.messaging.domain.RegistrationHistory;
import org.meternet.messaging.domain.RegistrationHistory.Period;
import org.meternet.messaging.persistence.SupplierRegistrations;

@Path("/api/v1/devices/{deviceId}/readings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "readings", description = "Meter readings, as finely as the metering point's consent allows")
public class ReadingsResource {
    static final int MAX_LIMIT = 5000;
    private final ReadingQueries readings;
    private final ConsentStore consents;
    private final DeviceProjection projection;
    private final CurrentCaller caller;
    private final SupplierRegistrations registrations;

    public ReadingsResource(ReadingQueries readings, ConsentStore consents, DeviceProjection projection, CurrentCaller caller,
            SupplierRegistrations registrations) {
        this.registrations = registrations;
        this.readings = readings;
        this.consents = consents;
        this.projection = projection;
        this.caller = caller;
    }

    /** A device's readings at one granularity, and the consent that allowed it. */
    public record Readings(String deviceId, String mpxn, String consent, String granularity, List<ReadingPoint> readings) {
    }

    @GET
    @Operation(summary = "A device's readings in [from, to), in device-time order, at a granularity the consent allows "
            + "(register, half-hourly, daily, monthly; default: the finest allowed). A supplier is served only the readings "
            + "taken while it was the device's registered supplier; the network operator of its area and the operator all")
    public Uni<Readings> readings(@PathParam("deviceId") String deviceIdText, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("granularity") String granularityText,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "5000", defaultValue = "1000")) String limitText) {
        DeviceId deviceId = DeviceId.parse(deviceIdText);
        Instant start = QueryParams.instant(from, "from", Instant.EPOCH);
        Instant end = QueryParams.instant(to, "to", Instant.now().plusSeconds(86_400));
        QueryParams.range(start, end);
        int limit = (int) QueryParams.integer(limitText, "limit", "INVALID_LIMIT", 1, MAX_LIMIT, 1000);
        Granularity asked = granularityText == null ? null : Granularity.parse(granularityText).orElseThrow(() ->
                ProblemException.badRequest("INVALID_GRANULARITY", "granularity", "granularity '" + QueryParams.printable(granularityText)
                        + "' is not one of register, half-hourly, daily, monthly"));
        Caller who = caller.get();
        return projection.find(deviceId.value()).chain(known -> {
            if (known == null) {
                throw ProblemException.unknownDevice(deviceId.value());
            }
            return registrations.of(deviceId.value()).chain(found -> {
                RegistrationHistory history = found.isEmpty() ? RegistrationHistory.only(known.supplierOrg()) : found;
                List<Period> visible = DataAccess.visiblePeriods(who, history, known.distributionArea());
                if (visible.isEmpty()) {
                    throw ProblemException.notAuthorisedForDevice(deviceId.value());
                }
                Period consentPeriod = DataAccess.consentPeriod(who, history, known.distributionArea(), Instant.now())
                        .orElse(Period.ALWAYS);
                return consents.find(known.mpxn(), consentPeriod).chain(consent -> {
                    Level level = consent.level();
                    Granularity g = asked == null ? level.finest() : asked;
                    if (!level.allows(g)) {
                        // currentStatus carries the consent level in force
                        throw new ProblemException(403, "CONSENT_REQUIRED", "granularity", "metering point " + known.mpxn() + " allows "
                                + level.name().toLowerCase().replace('_', '-') + " data; " + g.wireName() + " needs "
                                + g.needs().name().toLowerCase().replace('_', '-') + " consent", level.name());
                    }
                    return readings.series(deviceId.value(), g, start, end, visible, limit)
                            .map(points -> new Readings(deviceId.value(), known.mpxn(), level.name(), g.wireName(), points));
                });
            });
        });
    }
}
