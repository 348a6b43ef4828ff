package org.meternet.reporting.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.reporting.domain.Growth;
import org.meternet.reporting.domain.MonthlyTraffic;
import org.meternet.reporting.domain.PressRelease;
import org.meternet.reporting.domain.TakeUpRanking;
import org.meternet.reporting.persistence.RolloutQueries;
import org.meternet.reporting.domain.RolloutCube.Filter;
import org.meternet.reporting.persistence.TrafficModel;

@Path("/api/v1/reports/press-release")
@RolesAllowed({"operator", "platform-service"})
@Tag(name = "reports", description = "Roll-out reports built from the platform's events")
public class PressReleaseResource {
    private static final Filter ALL = Filter.ALL;
    private final RolloutQueries queries;
    private final TrafficModel traffic;
    private final TakeUpRankings rankings;
    private final ReferenceData reference;
    private final long milestoneStep;

    public PressReleaseResource(RolloutQueries queries, TrafficModel traffic, TakeUpRankings rankings, ReferenceData reference,
            @ConfigProperty(name = "meternet.reports.milestone-step", defaultValue = "1000000") long milestoneStep) {
        this.queries = queries;
        this.traffic = traffic;
        this.rankings = rankings;
        this.reference = reference;
        this.milestoneStep = milestoneStep;
    }

    public record Release(PressRelease figures, List<String> paragraphs, String text, String attribution) {
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "The roll-out as an operator would announce it at a date: the latest Nth-meter milestone with who "
            + "and where, the top 10 local authorities by take-up, the last complete year's growth, the record month of "
            + "messages and the earlier months it equalled; ?format=text for the text alone")
    public Uni<Response> pressRelease(@QueryParam("date") String date, @QueryParam("format") String format) {
        LocalDate day = ReportDates.day(date);
        if (format != null && !List.of("json", "text").contains(format)) {
            throw ProblemException.badRequest("INVALID_FORMAT", "format", "format must be json or text");
        }
        int year = PressRelease.YearGrowth.yearOf(day);
        LocalDate yearEnd = LocalDate.of(year, 12, 31);
        return queries.cube().chain(cube -> milestoneBy(cube, day).chain(milestone -> traffic.perMonth(null).map(perMonth -> {
                                    TakeUpRanking ranking = rankings.at(cube, day);
                                    RolloutQueries.Share start = queries.inService(cube, yearEnd.minusYears(1), ALL);
                                    RolloutQueries.Share end = queries.inService(cube, yearEnd, ALL);
                                    // months after the date are not yet history at the date
                                    Map<YearMonth, Long> known = new TreeMap<>(perMonth);
                                    known.keySet().removeIf(m -> m.isAfter(YearMonth.from(day)));
                                    MonthlyTraffic t = new MonthlyTraffic(known);
                                    MonthlyTraffic.Month record = t.record().orElse(null);
                                    PressRelease p = new PressRelease(day, milestone, ranking.ranked(null, null, 10).stream()
                                            .filter(r -> r.takeUp().premisesWithSmartMeter() > 0).toList(),
                                            new PressRelease.YearGrowth(year, start.meters(), end.meters(),
                                                    Growth.factor(end.meters(), start.meters())),
                                            record, record == null ? null : t.equalled(record.month()).orElse(null),
                                            rankings.householdSources());
                                    if ("text".equals(format)) {
                                        return Response.ok(p.text() + "\n" + ReferenceData.ATTRIBUTION + "\n", MediaType.TEXT_PLAIN)
                                                .build();
                                    }
                                    return Response.ok(new Release(p, p.paragraphs(), p.text(), ReferenceData.ATTRIBUTION),
                                            MediaType.APPLICATION_JSON).build();
                                })));
    }

    /** The last whole milestone reached by the end of the day: who installed that meter, when and where. */
    private Uni<PressRelease.Milestone> milestoneBy(org.meternet.reporting.domain.RolloutCube cube, LocalDate day) {
        long n = queries.everCommissionedBy(cube, day) / milestoneStep * milestoneStep;
        if (n == 0) {
            return Uni.createFrom().nullItem();
        }
        return queries.nth(cube, n, ALL).map(m -> m == null ? null : new PressRelease.Milestone(n,
                    m.commissionedAt().atZone(ReportDates.LONDON).toLocalDate(), m.supplier(),
                reference.localAuthority(m.localAuthorityCode()).map(la -> la.name()).orElse(m.localAuthorityCode())));
    }
}
