package org.meternet.reporting.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Map;
import java.util.function.BiFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.consumer.EventReplay;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.api.QueryParams;
import org.meternet.platform.problem.ProblemException;
import org.meternet.reporting.persistence.RolloutStore;
import org.meternet.reporting.persistence.ServiceRequestModel;
import org.meternet.reporting.persistence.TrafficModel;

/** Rebuilds a read model from its producer's GET /events, on an operator's demand. */
@Path("/api/v1/reports/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations", description = "Operating reporting-service")
public class RebuildResource {
    private final EventReplay replay;
    private final Map<String, URI> producers;
    private final Map<String, BiFunction<SqlClient, EventEnvelope, Uni<Void>>> readModels;
    private final RolloutStore rollout;

    public RebuildResource(Vertx vertx, Pool pool, RolloutStore rollout, TrafficModel traffic, ServiceRequestModel requests,
            @ConfigProperty(name = "meternet.producers.installation") URI installation,
            @ConfigProperty(name = "meternet.producers.messaging") URI messaging,
            @ConfigProperty(name = "meternet.producers.gateway") URI gateway) {
        this.rollout = rollout;
        this.replay = new EventReplay(vertx, pool);
        this.producers = Map.of("installation", installation, "messaging", messaging, "gateway", gateway);
        this.readModels = Map.of("installation", rollout::apply, "messaging", traffic::apply, "gateway", requests::apply);
    }

    @PreDestroy
    void close() {
        replay.close();
    }

    public record CubeRebuilt(long generation) {
    }

    @POST
    @Path("/cube")
    @RolesAllowed("operator")
    @Operation(summary = "Computes the roll-out cube (the day-by-day counts every roll-out and take-up report reads) again "
            + "from the meters in the read model, after a bulk load or a restore; every replica reads it again")
    public Uni<CubeRebuilt> rebuildCube() {
        return rollout.rebuildCube().map(CubeRebuilt::new);
    }

    @POST
    @RolesAllowed("operator")
    @Operation(summary = "Replays one producer's events (installation: roll-out and take-up; messaging: traffic; gateway: "
            + "service requests) after a sequence (default 0: all) into its read models; answers when done")
    public Uni<EventReplay.Replayed> rebuild(@QueryParam("source") String source, @QueryParam("after") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "9223372036854775807")) String afterText,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (source == null || !producers.containsKey(source)) {
            throw ProblemException.badRequest("INVALID_SOURCE", "source", "source must be installation, messaging or gateway");
        }
        long after = QueryParams.integer(afterText, "after", "INVALID_SEQUENCE", 0, Long.MAX_VALUE, 0);
        return replay.replay(source, producers.get(source), authorization, after, readModels.get(source));
    }
}
