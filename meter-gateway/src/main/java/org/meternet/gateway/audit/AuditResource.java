package org.meternet.gateway.audit;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.api.Page;
import org.meternet.platform.api.QueryParams;
import org.meternet.platform.problem.ProblemException;

@Path("/api/v1/audit")
@RolesAllowed("operator")
@Tag(name = "operations", description = "Operating the platform")
public class AuditResource {
    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    @GET
    @Operation(summary = "Every call through the gateway, oldest first: who (subject, organisation), which SRV and device, "
            + "the status and DUIS code, the latency; filters org, srv, deviceId, from, to (ISO instants); page with cursor")
    public Uni<Page<AuditLog.Entry>> find(@QueryParam("org") String org, @QueryParam("srv") String srv,
            @QueryParam("deviceId") String deviceId, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("cursor") @DefaultValue("0") String cursor, @QueryParam("size") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) String sizeText) {
        int size = (int) QueryParams.integer(sizeText, "size", "INVALID_SIZE", 1, 1000, 100);
        long after;
        try {
            after = Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("INVALID_CURSOR", "cursor", "cursor is the next value of the previous page");
        }
        return log.find(org, srv, deviceId, QueryParams.instant(from, "from", null), QueryParams.instant(to, "to", null), after, size + 1)
                .map(found -> {
                    List<AuditLog.Entry> items = found.stream().limit(size).toList();
                    return new Page<>(items, found.size() > size ? String.valueOf(items.get(items.size() - 1).id()) : null);
                });
    }
}
