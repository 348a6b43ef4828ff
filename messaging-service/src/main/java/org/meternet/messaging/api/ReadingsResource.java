package org.meternet.messaging.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.messaging.persistence.DeviceProjection;
import org.meternet.messaging.persistence.ReadingStore;
import org.meternet.messaging.persistence.ReadingStore.StoredReading;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.CurrentCaller;
import org.meternet.platform.security.DeviceAccess;

@Path("/api/v1/devices/{deviceId}/readings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "readings", description = "Meter readings as the hubs sent them")
public class ReadingsResource {
    static final int MAX_LIMIT = 5000;
    private final ReadingStore store;
    private final DeviceProjection projection;
    private final CurrentCaller caller;

    public ReadingsResource(ReadingStore store, DeviceProjection projection, CurrentCaller caller) {
        this.store = store;
        this.projection = projection;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "A device's readings in [from, to), in device-time order")
    public Uni<List<StoredReading>> readings(@PathParam("deviceId") String deviceIdText, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") @DefaultValue("1000") int limit) {
        DeviceId deviceId = DeviceId.parse(deviceIdText);
        Instant start = time(from, "from", Instant.EPOCH);
        Instant end = time(to, "to", Instant.now().plusSeconds(86_400));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("INVALID_LIMIT", "limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return projection.find(deviceId.value()).chain(known -> {
            if (known == null) {
                throw ProblemException.unknownDevice(deviceId.value());
            }
            if (!DeviceAccess.permits(caller.get(), known.supplierOrg(), known.distributionArea())) {
                throw ProblemException.notAuthorisedForDevice(deviceId.value());
            }
            return store.readings(deviceId.value(), start, end, limit);
        });
    }

    private static Instant time(String text, String field, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("INVALID_TIME", field, field + " '" + text + "' is not an ISO-8601 instant");
        }
    }
}
