package org.meternet.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    public Uni<List<EventEnvelope>> after(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (after < 0) {
            throw ProblemException.badRequest("INVALID_SEQUENCE", "after", "after must be 0 or a sequence number, was " + after);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("INVALID_LIMIT", "limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
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
