package org.meternet.reporting.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.id.LocalAuthorityCode;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.LocalAuthority;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.reporting.domain.TakeUp;
import org.meternet.reporting.persistence.RolloutStore;

@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "reports", description = "Roll-out reports built from the platform's events")
public class ReportsResource {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    private final RolloutStore rollout;
    private final ReferenceData reference;

    public ReportsResource(RolloutStore rollout, ReferenceData reference) {
        this.rollout = rollout;
        this.reference = reference;
    }

    public record TakeUpReport(String asAt, TakeUp takeUp, double percent, String attribution) {
    }

    @GET
    @Path("/take-up/{localAuthorityCode}")
    @Operation(summary = "Take-up in one local authority at the end of a date (Europe/London): premises with a "
            + "commissioned SMETS2 meter over ONS households")
    public Uni<TakeUpReport> takeUp(@PathParam("localAuthorityCode") String code, @QueryParam("date") String date) {
        LocalAuthority la = reference.localAuthority(LocalAuthorityCode.parse(code).value())
                .orElseThrow(() -> new ProblemException(404, "UNKNOWN_LOCAL_AUTHORITY", "localAuthorityCode",
                        code + " is not a local authority in the reference data"));
        LocalDate day = day(date);
        Instant endOfDay = day.plusDays(1).atStartOfDay(LONDON).toInstant().minusNanos(1000);
        return rollout.inService(la.code(), endOfDay).map(c -> {
            TakeUp t = TakeUp.of(la.code(), la.name(), la.regionCode(), la.regionName(), c.meters(), c.premises(),
                    la.households(), la.householdsSource());
            return new TakeUpReport(day.toString(), t, t.percent(), ReferenceData.ATTRIBUTION);
        });
    }

    private static LocalDate day(String date) {
        if (date == null || date.isBlank()) {
            return LocalDate.now(LONDON);
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("INVALID_DATE", "date", "date '" + date + "' is not an ISO date (YYYY-MM-DD)");
        }
    }
}
