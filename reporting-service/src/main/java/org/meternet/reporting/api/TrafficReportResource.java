package org.meternet.reporting.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.problem.ProblemException;
import org.meternet.reporting.domain.MonthlyTraffic;
import org.meternet.reporting.persistence.TrafficModel;

@Path("/api/v1/reports/traffic")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
@RolesAllowed({"operator", "platform-service"})
@Tag(name = "reports", description = "Roll-out reports built from the platform's events")
public class TrafficReportResource {
    private final TrafficModel traffic;

    public TrafficReportResource(TrafficModel traffic) {
        this.traffic = traffic;
    }

    public record TrafficReport(String direction, List<MonthlyTraffic.Month> months, MonthlyTraffic.Month record,
            MonthlyTraffic.Equalled recordEqualled, MonthlyTraffic.Month latest, MonthlyTraffic.Equalled latestEqualled) {
    }

    @GET
    @Operation(summary = "Messages per month to and from meters (direction up, down or both), the record month, "
            + "month-on-month and year-on-year factors, and which earlier months a month equalled combined")
    public Uni<Response> traffic(@QueryParam("direction") String direction, @QueryParam("format") String format) {
        if (direction != null && !List.of("up", "down").contains(direction)) {
            throw ProblemException.badRequest("INVALID_DIRECTION", "direction", "direction must be up or down (or absent: both)");
        }
        boolean csv = CsvTable.wanted(format);
        return traffic.perMonth(direction).map(perMonth -> {
            MonthlyTraffic t = new MonthlyTraffic(perMonth);
            List<MonthlyTraffic.Month> months = t.months();
            if (csv) {
                return new CsvTable(List.of("month", "messages", "month_on_month", "year_on_year"), months.stream()
                        .map(m -> java.util.Arrays.<Object>asList(m.month(), m.messages(), m.monthOnMonth(), m.yearOnYear()))
                        .toList(), "traffic.csv").response();
            }
            MonthlyTraffic.Month record = t.record().orElse(null);
            MonthlyTraffic.Month latest = months.isEmpty() ? null : months.get(months.size() - 1);
            return Response.ok(new TrafficReport(direction == null ? "both" : direction, months, record,
                    record == null ? null : t.equalled(record.month()).orElse(null), latest,
                    latest == null ? null : t.equalled(latest.month()).orElse(null))).build();
        });
    }

    public record DailyTraffic(String from, String to, List<TrafficModel.Day> days) {
    }

    @GET
    @Path("/daily")
    @Operation(summary = "Messages per GB day between two dates (inclusive; default the last 31 days) by direction and "
            + "kind, optionally one direction or kind; ?format=csv for a spreadsheet")
    public Uni<Response> daily(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("direction") String direction, @QueryParam("kind") String kind, @QueryParam("format") String format) {
        java.time.LocalDate last = ReportDates.day(to, "to");
        java.time.LocalDate first = from == null ? last.minusDays(30) : ReportDates.day(from, "from");
        if (first.isAfter(last)) {
            throw ProblemException.badRequest("INVALID_RANGE", "from", "from must not be after to");
        }
        boolean csv = CsvTable.wanted(format);
        return traffic.perDay(ReportDates.startOf(first), ReportDates.startOf(last.plusDays(1)), direction, kind).map(days -> csv
                ? new CsvTable(List.of("day", "direction", "kind", "messages"), days.stream()
                        .map(d -> List.<Object>of(d.day(), d.direction(), d.kind(), d.messages())).toList(), "traffic-daily.csv")
                        .response()
                : Response.ok(new DailyTraffic(first.toString(), last.toString(), days)).build());
    }
}
