package org.meternet.gateway.alerts;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.gateway.persistence.UserAlerts;
import org.meternet.platform.api.QueryParams;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

/**
 * Device alerts as server-sent events, to the organisations entitled to each (the operator sees all). A client that
 * reconnects with Last-Event-ID gets what it missed, then the new ones as they come.
 */
@Path("/api/v1/alerts")
@Authenticated
@Tag(name = "alerts", description = "Device alerts for suppliers and network operators")
public class AlertStreamResource {
    private static final Duration POLL = Duration.ofMillis(500);

    private final UserAlerts alerts;
    private final CurrentCaller caller;

    public AlertStreamResource(UserAlerts alerts, CurrentCaller caller) {
        this.alerts = alerts;
        this.caller = caller;
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events, one per device alert the caller's organisation is entitled to (event alert, "
            + "data the alert.raised payload, id to resume from with Last-Event-ID or ?after=)")
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "9223372036854775807")) String afterText,
            @Context Sse sse) {
        Caller who = caller.get();
        if (!who.isOperator() && who.org() == null) {
            throw new ProblemException(403, "E1", null, "the token names no organisation to deliver alerts to");
        }
        Long resume = resumeFrom(lastEventId, QueryParams.optionalInteger(afterText, "after", "INVALID_EVENT_ID", 0, Long.MAX_VALUE));
        Uni<Long> start = resume != null ? Uni.createFrom().item(resume) : alerts.newest();
        return start.onItem().transformToMulti(from -> {
            AtomicLong last = new AtomicLong(from);
            String org = who.isOperator() ? null : who.org();
            return Multi.createBy().repeating().uni(() -> alerts.since(org, last.get())).withDelay(POLL).indefinitely()
                    .onItem().transformToIterable(batch -> batch)
                    .invoke(a -> last.set(a.id()))
                    .map(a -> sse.newEventBuilder().id(Long.toString(a.id())).name("alert")
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(a.json()).build());
        });
    }

    /** Where to resume, or null for "from now on". */
    private static Long resumeFrom(String lastEventId, Long after) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return after;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("INVALID_LAST_EVENT_ID", "Last-Event-ID", "Last-Event-ID is the id of an event of this stream");
        }
    }
}
