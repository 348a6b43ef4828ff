package org.meternet.messaging.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.api.QueryParams;
import org.meternet.messaging.mqtt.ProjectionRebuild;

@Path("/api/v1/projection")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations", description = "Operating messaging-service")
public class ProjectionResource {
    private final ProjectionRebuild rebuild;

    public ProjectionResource(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Path("/rebuild")
    @RolesAllowed("operator")
    @Operation(summary = "Replays installation-service's events after a sequence (default 0: all) into the device "
            + "projection (operators only); answers when done with the events replayed and the devices known")
    public Uni<ProjectionRebuild.Result> rebuild(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("after") @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0", defaultValue = "0")) String afterText) {
        long after = QueryParams.integer(afterText, "after", "INVALID_SEQUENCE", 0L, Long.MAX_VALUE, 0L);
        return rebuild.rebuild(authorization, after);
    }
}
