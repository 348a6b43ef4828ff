package org.meternet.reporting.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.api.QueryParams;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.reporting.domain.Growth;
import org.meternet.reporting.persistence.RolloutQueries;
import org.meternet.reporting.domain.RolloutCube.Filter;

@Path("/api/v1/reports")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "reports", description = "Roll-out reports built from the platform's events")
public class RolloutResource {
    private final RolloutQueries queries;
    private final ReferenceData reference;
    private final long milestoneStep;

    public RolloutResource(RolloutQueries queries, ReferenceData reference,
            @ConfigProperty(name = "meternet.reports.milestone-step", defaultValue = "1000000") long milestoneStep) {
        this.queries = queries;
        this.reference = reference;
        this.milestoneStep = milestoneStep;
    }

    public record YearGrowth(int year, long metersAtDate, long metersAtEndOfPreviousYear, Double factor) {
    }

    public record Rollout(String asAt, Filter filter, long commissionedSmets2Meters, Long premises, String by,
            List<RolloutQueries.Share> breakdown, List<RolloutQueries.Period> installsPerWeek,
            List<RolloutQueries.Period> installsPerMonth, List<RolloutQueries.Churn> churnPerMonth, YearGrowth growth) {
    }

    @GET
    @Path("/rollout")
    @Operation(summary = "Commissioned SMETS2 meters in service at the end of a date (GB), broken down by region, "
            + "localAuthority, supplier, fuel or deviceType; installs per week (last 12) and month (last 12), decommissions "
            + "and changes of supplier per month (last 12); the "
            + "growth of the date's year over the end of the previous one. ?format=csv gives the breakdown")
    public Uni<Response> rollout(@QueryParam("date") String date, @QueryParam("by") @DefaultValue("region") String by,
            @QueryParam("supplier") String supplier, @QueryParam("region") String region,
            @QueryParam("localAuthority") String localAuthority, @QueryParam("format") String format) {
        LocalDate day = ReportDates.day(date);
        boolean csv = CsvTable.wanted(format);
        if (!RolloutQueries.DIMENSIONS.containsKey(by)) {
            throw ProblemException.badRequest("INVALID_DIMENSION", "by", "by must be one of " + RolloutQueries.DIMENSIONS.keySet());
        }
        Filter f = new Filter(supplier, region, localAuthority);
        LocalDate endOfLastYear = LocalDate.of(day.getYear() - 1, 12, 31);
        LocalDate twelveMonths = day.minusMonths(11).withDayOfMonth(1);
        return queries.cube().chain(cube -> queries.churnPerMonth(cube, twelveMonths, day, f).map(churn -> {
                                    RolloutQueries.Share total = queries.inService(cube, day, f);
                                    List<RolloutQueries.Share> breakdown = queries.inServiceBy(cube, by, day, f);
                                    RolloutQueries.Share before = queries.inService(cube, endOfLastYear, f);
                                    if (csv) {
                                        return new CsvTable(List.of(by, "meters", "premises"), breakdown.stream()
                                                .map(s -> java.util.Arrays.<Object>asList(s.key(), s.meters(), s.premises()))
                                                .toList(),
                                                "rollout-" + by + "-" + day + ".csv").response();
                                    }
                                    return Response.ok(new Rollout(day.toString(), f, total.meters(), total.premises(), by,
                                            breakdown, queries.installsPer(cube, "week", day.minusWeeks(11)
                                                    .with(java.time.DayOfWeek.MONDAY), day, f),
                                            queries.installsPer(cube, "month", twelveMonths, day, f), churn,
                                            new YearGrowth(day.getYear(), total.meters(), before.meters(),
                                                    Growth.factor(total.meters(), before.meters())))).build();
                                }));
    }

    public record Milestone(long n, String deviceId, String date, String time, String supplier, String localAuthorityCode,
            String localAuthority, String regionCode) {
    }

    public record Milestones(long step, long commissionedSoFar, Filter filter, List<Milestone> milestones, String attribution) {
    }

    @GET
    @Path("/milestones")
    @Operation(summary = "The 1,000,000th, 2,000,000th, ... SMETS2 meter commissioned (step configurable): when (GB date "
            + "and time), by which supplier, where; ?format=csv for a spreadsheet")
    public Uni<Response> milestones(@QueryParam("step") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "9223372036854775807")) String stepText, @QueryParam("supplier") String supplier,
            @QueryParam("region") String region, @QueryParam("localAuthority") String localAuthority,
            @QueryParam("format") String format) {
        long every = QueryParams.integer(stepText, "step", "INVALID_STEP", 1, Long.MAX_VALUE, milestoneStep);
        boolean csv = CsvTable.wanted(format);
        Filter f = new Filter(supplier, region, localAuthority);
        return queries.cube().chain(cube -> {
            long total = queries.everCommissioned(cube, f);
            List<Uni<RolloutQueries.Meter>> nth = new ArrayList<>();
            for (long n = every; n <= total && nth.size() < 1000; n += every) {
                nth.add(queries.nth(cube, n, f));
            }
            Uni<List<RolloutQueries.Meter>> all = nth.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(nth).andFailFast();
            return all.map(meters -> {
                List<Milestone> out = new ArrayList<>();
                for (int i = 0; i < meters.size(); i++) {
                    RolloutQueries.Meter m = meters.get(i);
                    if (m == null) {
                        continue; // the cube counted a meter whose row a concurrent change has just moved: not a milestone now
                    }
                    LocalDateTime local = LocalDateTime.ofInstant(m.commissionedAt(), ReportDates.LONDON);
                    out.add(new Milestone((i + 1) * every, m.deviceId(), local.toLocalDate().toString(),
                            local.toLocalTime().withNano(0).toString(), m.supplier(), m.localAuthorityCode(),
                            reference.localAuthority(m.localAuthorityCode()).map(la -> la.name()).orElse(null), m.regionCode()));
                }
                if (csv) {
                    return new CsvTable(List.of("n", "date", "time", "supplier", "local_authority_code", "local_authority",
                            "device_id"), out.stream().map(x -> List.<Object>of(x.n(), x.date(), x.time(), x.supplier(),
                                    x.localAuthorityCode(), x.localAuthority() == null ? "" : x.localAuthority(), x.deviceId()))
                            .toList(), "milestones.csv").response();
                }
                return Response.ok(new Milestones(every, total, f, out, ReferenceData.ATTRIBUTION)).build();
            });
        });
    }
}
