package org.meternet.reporting.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import jakarta.ws.rs.core.Response;
import org.meternet.reporting.domain.Geography;
import org.meternet.reporting.domain.TakeUpRanking;
import org.meternet.reporting.persistence.RolloutQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.id.LocalAuthorityCode;
import org.meternet.platform.api.QueryParams;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.LocalAuthority;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.reporting.domain.TakeUp;

@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "reports", description = "Roll-out reports built from the platform's events")
public class TakeUpResource {
    private final RolloutQueries rollout;
    private final TakeUpRankings rankings;
    private final Geography geography;

    public TakeUpResource(RolloutQueries rollout, TakeUpRankings rankings, Geography geography) {
        this.rollout = rollout;
        this.rankings = rankings;
        this.geography = geography;
    }

    public record TakeUpReport(String asAt, TakeUp takeUp, double percent, String attribution) {
    }

    @GET
    @Path("/take-up/{localAuthorityCode}")
    @Operation(summary = "Take-up in one local authority at the end of a date (Europe/London): premises with a "
            + "commissioned SMETS2 meter over ONS households, for an authority valid at the date (installations made under "
            + "its predecessors count for it)")
    public Uni<TakeUpReport> takeUp(@PathParam("localAuthorityCode") String code, @QueryParam("date") String date) {
        String wanted = LocalAuthorityCode.parse(code).value();
        LocalDate day = ReportDates.day(date);
        LocalAuthority la = geography.authorityAt(wanted, day).orElseThrow(() -> geography.whyNotValid(wanted, day)
                .map(why -> new ProblemException(404, "LOCAL_AUTHORITY_NOT_VALID_AT_DATE", "localAuthorityCode", why))
                .orElseGet(() -> new ProblemException(404, "UNKNOWN_LOCAL_AUTHORITY", "localAuthorityCode",
                        code + " is not a local authority in the reference data")));
        return rollout.cube().map(cube -> {
            long meters = 0;
            long premises = 0;
            for (RolloutQueries.Share s : rollout.perLocalAuthority(cube, day).values()) {
                if (geography.codeAt(s.key(), day).equals(la.code())) {
                    meters += s.meters();
                    premises += s.premises();
                }
            }
            TakeUp t = TakeUp.of(la.code(), la.name(), la.regionCode(), la.regionName(), meters, premises, la.households(),
                    la.householdsSource());
            return new TakeUpReport(day.toString(), t, t.percent(), ReferenceData.ATTRIBUTION);
        });
    }

    public record TakeUpTable(String asAt, String regionCode, Double thresholdPercent, List<TakeUpRanking.Ranked> localAuthorities,
            java.util.Map<String, Long> premisesUnderOtherCodes, String householdsSource, String attribution) {
    }

    @GET
    @Path("/take-up")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Take-up of every local authority at a date, ranked by share of households; optionally one "
            + "region, a threshold (percent: 25 is 1 in 4 households) and the first N; ?format=csv for a spreadsheet")
    public Uni<Response> ranking(@QueryParam("date") String date, @QueryParam("region") String region,
            @QueryParam("threshold") @Parameter(schema = @Schema(type = SchemaType.NUMBER, minimum = "0", maximum = "100")) String thresholdText, @QueryParam("top") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "2147483647")) String topText, @QueryParam("format") String format) {
        LocalDate day = ReportDates.day(date);
        boolean csv = CsvTable.wanted(format);
        Long topLong = QueryParams.optionalInteger(topText, "top", "INVALID_TOP", 1, Integer.MAX_VALUE);
        Integer top = topLong == null ? null : topLong.intValue();
        Double thresholdPercent = QueryParams.optionalDecimal(thresholdText, "threshold", "INVALID_THRESHOLD", 0, 100);
        return rankings.at(day).map(r -> {
            List<TakeUpRanking.Ranked> rows = r.ranked(region, thresholdPercent == null ? null : thresholdPercent / 100, top);
            if (csv) {
                return new CsvTable(List.of("rank", "local_authority_code", "local_authority", "region_code", "region",
                        "premises_with_smart_meter", "households", "percent", "households_source"),
                        rows.stream().map(x -> List.<Object>of(x.rank(), x.takeUp().localAuthorityCode(),
                                x.takeUp().localAuthorityName(), x.takeUp().regionCode(), x.takeUp().regionName(),
                                x.takeUp().premisesWithSmartMeter(), x.takeUp().households(), x.takeUp().percent(),
                                x.takeUp().householdsSource())).toList(), "take-up-" + day + ".csv").response();
            }
            return Response.ok(new TakeUpTable(day.toString(), region, thresholdPercent, rows, r.unknownCodes(),
                    rankings.householdSources(), ReferenceData.ATTRIBUTION)).build();
        });
    }

    public record RegionTable(String asAt, List<TakeUpRanking.Region> regions, String attribution) {
    }

    @GET
    @Path("/take-up/regions")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Take-up per region at a date, ranked; ?format=csv for a spreadsheet")
    public Uni<Response> regions(@QueryParam("date") String date, @QueryParam("format") String format) {
        LocalDate day = ReportDates.day(date);
        boolean csv = CsvTable.wanted(format);
        return rankings.at(day).map(r -> csv
                ? new CsvTable(List.of("region_code", "region", "premises_with_smart_meter", "households", "percent"),
                        r.regions().stream().map(x -> List.<Object>of(x.regionCode(), x.regionName(), x.premisesWithSmartMeter(),
                                x.households(), x.percent())).toList(), "take-up-regions-" + day + ".csv").response()
                : Response.ok(new RegionTable(day.toString(), r.regions(), ReferenceData.ATTRIBUTION)).build());
    }

    public record Forecast(String asAt, int windowDays, List<org.meternet.reporting.domain.CoverageForecast> regions,
            String householdsSource, String attribution) {
    }

    @GET
    @Path("/forecast")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Per region, the date take-up would reach every household at the trailing rate (premises gained "
            + "over the last window, default 90 days); ?format=csv for a spreadsheet")
    public Uni<Response> forecast(@QueryParam("date") String date, @QueryParam("window") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "3660", defaultValue = "90")) String windowText,
            @QueryParam("format") String format) {
        LocalDate day = ReportDates.day(date);
        int days = (int) QueryParams.integer(windowText, "window", "INVALID_WINDOW", 1, 3660, 90);
        boolean csv = CsvTable.wanted(format);
        return rollout.cube().map(cube -> {
            TakeUpRanking now = rankings.at(cube, day);
            TakeUpRanking before = rankings.at(cube, day.minusDays(days));
            java.util.Map<String, Long> earlier = new java.util.HashMap<>();
            before.regions().forEach(r -> earlier.put(r.regionCode(), r.premisesWithSmartMeter()));
            List<org.meternet.reporting.domain.CoverageForecast> regions = now.regions().stream()
                    .map(r -> org.meternet.reporting.domain.CoverageForecast.of(r.regionCode(), r.regionName(),
                            r.premisesWithSmartMeter(), earlier.getOrDefault(r.regionCode(), 0L), r.households(), days, day))
                    .toList();
            if (csv) {
                return new CsvTable(List.of("region_code", "region", "premises_with_smart_meter", "households", "percent",
                        "premises_per_day", "full_coverage_on"), regions.stream().map(f -> java.util.Arrays.<Object>asList(
                                f.regionCode(), f.regionName(), f.premisesWithSmartMeter(), f.households(), f.percent(),
                                f.premisesPerDay(), f.fullCoverageOn())).toList(), "forecast-" + day + ".csv").response();
            }
            return Response.ok(new Forecast(day.toString(), days, regions, rankings.householdSources(), ReferenceData.ATTRIBUTION))
                    .build();
        });
    }
}
