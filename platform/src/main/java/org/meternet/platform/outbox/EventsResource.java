package org.meternet.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.meternet.platform.api.QueryParams;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.problem.ProblemException;

/** Every producer serves its events in sequence order, so a consumer can rebuild or close gaps. */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "platform-service"})
public class EventsResource {
    static final int MAX_LIMIT = 1000;
    private final Pool pool;

    public EventsResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "Events after a sequence number, oldest first")
    public Uni<List<EventEnvelope>> after(@QueryParam("after") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "9223372036854775807")) String afterText, @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) String limitText) {
        long after = QueryParams.integer(afterText, "after", "INVALID_SEQUENCE", 0, Long.MAX_VALUE, 0);
        int limit = (int) QueryParams.integer(limitText, "limit", "INVALID_LIMIT", 1, MAX_LIMIT, 100);
        return pool.preparedQuery(OutboxRows.SELECT + "where sequence > $1 order by sequence limit $2")
                .execute(Tuple.of(after, limit))
                .map(rows -> {
                    List<EventEnvelope> events = new ArrayList<>();
                    for (Row r : rows) {
                        events.add(OutboxRows.envelope(r));
                    }
                    return events;
                });
    }
}
