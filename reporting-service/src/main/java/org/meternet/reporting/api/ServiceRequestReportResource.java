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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.problem.ProblemException;
import org.meternet.reporting.persistence.ServiceRequestModel;

@Path("/api/v1/reports/service-requests")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
@RolesAllowed({"operator", "platform-service"})
@Tag(name = "reports", description = "Roll-out reports built from the platform's events")
public class ServiceRequestReportResource {
    private final ServiceRequestModel requests;

    public ServiceRequestReportResource(ServiceRequestModel requests) {
        this.requests = requests;
    }

    public record ServiceRequests(String from, String to, String by, List<ServiceRequestModel.Volume> volumes) {
    }

    @GET
    @Operation(summary = "Service requests completed between two GB dates (inclusive): volumes, success rate and response "
            + "time percentiles per SRV, optionally by region or deviceType; ?format=csv for a spreadsheet")
    public Uni<Response> serviceRequests(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") String by,
            @QueryParam("format") String format) {
        LocalDate last = ReportDates.day(to, "to");
        LocalDate first = from == null ? last.minusDays(29) : ReportDates.day(from, "from");
        if (by != null && !ServiceRequestModel.DIMENSIONS.containsKey(by)) {
            throw ProblemException.badRequest("INVALID_DIMENSION", "by", "by must be region or deviceType");
        }
        boolean csv = CsvTable.wanted(format);
        return requests.volumes(ReportDates.startOf(first), ReportDates.startOf(last.plusDays(1)), by).map(v -> csv
                ? new CsvTable(List.of("srv", by == null ? "all" : by, "requests", "succeeded", "success_rate", "p50_ms", "p95_ms",
                        "p99_ms"), v.stream().map(x -> List.<Object>of(x.srv(), x.key(), x.requests(), x.succeeded(),
                                x.successRate(), x.p50Ms(), x.p95Ms(), x.p99Ms())).toList(), "service-requests.csv").response()
                : Response.ok(new ServiceRequests(first.toString(), last.toString(), by, v)).build());
    }
}
