package org.meternet.messaging.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.api.QueryParams;
import org.meternet.messaging.persistence.TrafficStore;
import org.meternet.messaging.persistence.TrafficStore.Filter;
import org.meternet.messaging.persistence.TrafficStore.TrafficRow;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

/** Messages to and from meters per minute, hour or day; a supplier sees its own meters' traffic only. */
@Path("/api/v1/traffic")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "platform-service", "IS", "ES", "GS"})
@Tag(name = "traffic", description = "Message traffic to and from meters")
public class TrafficResource {
    static final int MAX_LIMIT = 10_000;
    static final Set<String> PERIODS = Set.of("minute", "hour", "day");
    private final TrafficStore traffic;
    private final CurrentCaller caller;

    public TrafficResource(TrafficStore traffic, CurrentCaller caller) {
        this.traffic = traffic;
        this.caller = caller;
    }

    public record Traffic(Instant from, Instant to, String period, long totalMessages, List<TrafficRow> rows) {
    }

    @GET
    @Operation(summary = "Traffic in [from, to) (default: the last hour) per period (minute, hour or day, UTC), "
            + "by direction, kind, supplier, region and device type; each filter optional")
    public Uni<Traffic> traffic(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("period") @DefaultValue("minute") String period, @QueryParam("direction") String direction,
            @QueryParam("kind") String kind, @QueryParam("supplier") String supplier, @QueryParam("region") String region,
            @QueryParam("deviceType") String deviceType, @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "10000", defaultValue = "1000")) String limitText) {
        Instant end = QueryParams.instant(to, "to", Instant.now());
        Instant start = QueryParams.instant(from, "from", end.minus(Duration.ofHours(1)));
        QueryParams.range(start, end);
        if (!PERIODS.contains(period)) {
            throw ProblemException.badRequest("INVALID_PERIOD", "period", "period must be minute, hour or day");
        }
        int limit = (int) QueryParams.integer(limitText, "limit", "INVALID_LIMIT", 1, MAX_LIMIT, 1000);
        Caller c = caller.get();
        boolean seesAll = c.isOperator() || c.roles().contains("platform-service");
        if (!seesAll && supplier != null && !supplier.equals(c.org())) {
            throw new ProblemException(403, "E4", "supplier", "a supplier sees only its own meters' traffic");
        }
        String onlySupplier = seesAll ? supplier : c.org();
        return traffic.query(start, end, period, new Filter(direction, kind, onlySupplier, region, deviceType), limit)
                .map(rows -> new Traffic(start, end, period, rows.stream().mapToLong(TrafficRow::messages).sum(), rows));
    }
}
