package org.meternet.gateway.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.meternet.gateway.domain.RequestId;
import org.meternet.gateway.domain.ServiceRequest;
import org.meternet.gateway.domain.ServiceRequestState;
import org.meternet.platform.batch.WriteBehind;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.ServiceRequestCompleted;
import org.meternet.platform.outbox.Outbox;
import org.meternet.platform.problem.ProblemException;

/** Service requests and their states; a request's end commits its service-request.completed event with it. */
@ApplicationScoped
public class ServiceRequestStore {
    private static final String COLUMNS = "request_id, srv, device_id, device_type, state, response_code, response::text, "
            + "requested_at, sent_at, delivered_at, completed_at, expires_at, originator_org, region_code";

    private final Pool pool;
    private final Outbox outbox;
    private final WriteBehind<Sent> sent;

    public ServiceRequestStore(Pool pool, Outbox outbox, Vertx vertx) {
        this.pool = pool;
        this.outbox = outbox;
        this.sent = new WriteBehind<>(vertx, "SENT marks of service requests", Duration.ofMillis(20), 2000, this::writeSent);
    }

    void start(@Observes StartupEvent start) {
        sent.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        sent.stop();
    }

    private record Sent(String requestId, OffsetDateTime at) {
    }

    /**
     * Records that the broker holds a request's command. Written behind, a batch every 20 ms, without waiting for the
     * disk: SENT is progress only, and a request still QUEUED in the table moves on from there when the hub answers.
     */
    public void markSent(String requestId) {
        sent.add(new Sent(requestId, OffsetDateTime.now(ZoneOffset.UTC)));
    }

    private Uni<Void> writeSent(List<Sent> batch) {
        return pool.withTransaction(tx -> tx.query("set local synchronous_commit = off").execute()
                // a row a batch of hubs' answers holds is skipped, not waited for: waiting on each other's rows is how
                // the two deadlocked, and the answer moves that request on anyway
                .chain(() -> tx.preparedQuery("with marked as (select r.request_id, x.at from service_request r "
                                + "join unnest($1::text[], $2::timestamptz[]) as x(id, at) on r.request_id = x.id "
                                + "where r.sent_at is null order by r.request_id for update of r skip locked) "
                                + "update service_request r set sent_at = marked.at, "
                                + "state = case when r.state = 'QUEUED' then 'SENT' else r.state end "
                                + "from marked where r.request_id = marked.request_id")
                        .execute(Tuple.of(batch.stream().map(Sent::requestId).toArray(String[]::new),
                                batch.stream().map(Sent::at).toArray(OffsetDateTime[]::new)))))
                .replaceWithVoid();
    }

    /** What a new request is about. */
    public record NewRequest(String originator, Long counter, String srv, String deviceId, String deviceType, String chfId,
            String regionCode, String caller, JsonNode params, Instant expiresAt) {
    }

    /**
     * Records a request QUEUED, under the counter it brought or else one the gateway assigns. Counters are the
     * originator's own (DUIS): each one greater than every counter the originator used before, from 1 to
     * {@link RequestId#MAX_COUNTER}, and nothing one originator sends changes what another gets.
     * <ul>
     * <li>A counter brought must be greater than the originator's greatest (else 409 REPLAYED_REQUEST_ID); it touches
     * nothing but the originator's own requests.
     * <li>A counter assigned is the platform's sequence's next value, or just past the originator's greatest counter
     * when that is greater (after a counter it brought). The sequence takes no lock until commit, so one organisation's requests do not
     * queue behind each other's commits as they did on a counter row; the originator's greatest (the
     * (originator_org, counter) index, one descent) keeps the order after a counter it brought. An originator whose
     * own counters have reached the maximum is told so (409 COUNTER_EXHAUSTED) and nobody else is affected.
     * </ul>
     * Counters beyond the maximum exist only from before it was enforced (V8): they keep their ids and are not a
     * floor for what follows.
     */
    public Uni<RequestId> open(NewRequest r) {
        if (!RequestId.isOriginator(r.originator())) {
            throw new IllegalArgumentException("'" + r.originator() + "' cannot originate a request id");
        }
        return r.counter() == null ? openNumbered(r, NUMBERING_ATTEMPTS) : openBrought(r);
    }

    /**
     * How often a counter is assigned again when the one taken was taken at the same moment: only an originator whose
     * greatest counter is above the sequence (one it brought) can meet another of its own requests on the same number
     * (see SPREAD).
     */
    private static final int NUMBERING_ATTEMPTS = 10;

    private static final String INSERT = "insert into service_request (request_id, originator_org, counter, srv, device_id, "
            + "device_type, chf_id, region_code, caller, params, state, requested_at, expires_at) "
            + "select $1 || ':' || $3 || ':' || c.n, $1, c.n, $2, $3, $4, $5, $6, $7, $8::text::jsonb, 'QUEUED', now(), $9 from ";

    /** The originator's greatest counter in range, 0 before its first request. */
    private static final String GREATEST_OF_ORIGINATOR = "coalesce((select max(counter) from service_request "
            + "where originator_org = $1 and counter <= " + RequestId.MAX_COUNTER + "), 0)";

    /**
     * Requests of one originator numbered at the same moment above a counter it brought spread over this many numbers
     * past its greatest, by their sequence value (distinct for each), so that they rarely meet on the same one.
     */
    private static final int SPREAD = 1024;

    /**
     * One statement: the counter chosen, and the request's counter when it was inserted (null if that number was
     * taken). The sequence's next value when it is above the originator's greatest counter (always, for an originator
     * that brings none); else just past its greatest.
     */
    private static final String OPEN_NUMBERED = "with v as (select nextval('service_request_counter') s, " + GREATEST_OF_ORIGINATOR
            + " m), c as (select case when s > m then s else m + 1 + s % least(" + SPREAD + ", greatest(1, "
            + RequestId.MAX_COUNTER + " - m)) end n from v), "
            + "opened as (" + INSERT + "c where c.n <= " + RequestId.MAX_COUNTER
            + " on conflict (originator_org, counter) do nothing returning counter) "
            + "select c.n, (select counter from opened) from c";

    private Uni<RequestId> openNumbered(NewRequest r, int attempts) {
        return pool.preparedQuery(OPEN_NUMBERED).execute(Tuple.from(values(r, false))).chain(rows -> {
            Row row = rows.iterator().next();
            Long opened = row.getLong(1);
            if (opened != null) {
                return Uni.createFrom().item(new RequestId(r.originator(), r.deviceId(), opened));
            }
            if (row.getLong(0) > RequestId.MAX_COUNTER) {
                throw new ProblemException(409, "COUNTER_EXHAUSTED", "counter", "the counters of " + r.originator()
                        + " have reached " + RequestId.MAX_COUNTER + ", the greatest a request id may carry: no further request of "
                        + r.originator() + " can be numbered");
            }
            // another request of this originator took the same number at the same moment: take the next
            if (attempts > 1) {
                return openNumbered(r, attempts - 1);
            }
            throw new ProblemException(409, "COUNTER_CONTENDED", "counter", "no free counter for " + r.originator() + " after "
                    + NUMBERING_ATTEMPTS + " attempts: its requests without a counter met each other above a counter it "
                    + "brought; retry, or bring counters on every request");
        });
    }

    private Uni<RequestId> openBrought(NewRequest r) {
        long counter = r.counter();
        if (counter < 1 || counter > RequestId.MAX_COUNTER) {
            throw new IllegalArgumentException("counter " + counter + " is out of range: RequestId.counterOf checks it");
        }
        return pool.preparedQuery(INSERT + "(select $10::bigint n) c where $10 > " + GREATEST_OF_ORIGINATOR
                        + " on conflict (originator_org, counter) do nothing returning counter")
                .execute(Tuple.from(values(r, true)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new ProblemException(409, "REPLAYED_REQUEST_ID", "counter", "counter " + counter + " of "
                                + r.originator() + " is not greater than the last one used: a request id is never used twice");
                    }
                    return new RequestId(r.originator(), r.deviceId(), counter);
                });
    }

    private static Object[] values(NewRequest r, boolean brought) {
        Object[] v = {r.originator(), r.srv(), r.deviceId(), r.deviceType(), r.chfId(), r.regionCode(), r.caller(),
                r.params() == null ? null : r.params().toString(), utc(r.expiresAt()), r.counter()};
        return brought ? v : java.util.Arrays.copyOf(v, 9);
    }

    public Uni<ServiceRequest> find(String requestId) {
        return pool.preparedQuery("select " + COLUMNS + " from service_request where request_id = $1").execute(Tuple.of(requestId))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /**
     * A report on a request: the state it should move to, with the code and answer that came with it. A hub's report
     * names the hub and the device it came from (its topic): it counts only when that is the hub the command went to and
     * the device it was for. The gateway's own reports (expiry, time-out, the inventory's answer) name neither.
     */
    public record Change(String requestId, ServiceRequestState next, String responseCode, JsonNode response, String fromChf,
            String fromDevice) {
        public Change(String requestId, ServiceRequestState next, String responseCode, JsonNode response) {
            this(requestId, next, responseCode, response, null, null);
        }

        /** A report a hub made on its topic for one of its devices. */
        public static Change fromHub(String chfId, String deviceId, String requestId, ServiceRequestState next,
                String responseCode, JsonNode response) {
            if (chfId == null || deviceId == null) {
                throw new IllegalArgumentException("a hub's report names the hub and the device it came from");
            }
            return new Change(requestId, next, responseCode, response, chfId, deviceId);
        }
    }

    /** Why a hub's report on a request was not applied; in the domain's words, as logs and metrics say it. */
    public enum Refusal {
        /** No request has that id. */
        UNKNOWN_REQUEST,
        /** The request was answered by the inventory: no hub was sent a command for it. */
        NOT_SENT_TO_A_HUB,
        /** The command went to another hub. */
        WRONG_HUB,
        /** The command went to this hub, but for another device. */
        WRONG_DEVICE;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A hub's report the store refused: which request, from which hub and device, why, and where the command went. */
    public record Refused(Change change, Refusal reason, String sentToChf, String sentForDevice) {
    }

    /** What a batch of reports did: the requests that moved, as they now are, and the hubs' reports refused. */
    public record Applied(List<ServiceRequest> moved, List<Refused> refused) {
    }

    /**
     * Moves a request to {@code next} if its state allows it (a repeated or late report changes nothing) and answers
     * it as it then is; at its end, service-request.completed is committed with it.
     */
    public Uni<ServiceRequest> advance(String requestId, ServiceRequestState next, String responseCode, JsonNode response) {
        return advanceAll(List.of(new Change(requestId, next, responseCode, response)), next.terminal())
                .map(Applied::moved)
                .chain(now -> now.isEmpty() ? find(requestId) : Uni.createFrom().item(now.get(now.size() - 1)));
    }

    /**
     * Applies many reports in one transaction (one commit for a batch of hubs' responses), in request id order so that
     * concurrent batches lock rows in the same order; answers the requests that moved, as they then are. Progress
     * alone (SENT, DELIVERED) need not wait for the disk: a crash may lose the last few, and a request moves on from its
     * earlier state; a batch with an end in it is committed durably with its events.
     * <p>
     * A hub's report moves a request only when it came from the hub the command went to, for the device it was for: a
     * hub cannot answer another's request, whatever id it names. That is checked in the same statement; the reports
     * refused are answered beside the requests moved.
     */
    public Uni<Applied> advanceAll(List<Change> changes, boolean durable) {
        // per request and source, the furthest report of the batch: an end overtakes a DELIVERED that came with it. A
        // report from elsewhere is kept apart, so that it can neither overtake nor hide the genuine one.
        Map<List<String>, Change> furthest = new TreeMap<>(java.util.Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1)));
        Set<List<String>> delivered = new HashSet<>();
        for (Change c : changes) {
            List<String> key = key(c);
            furthest.merge(key, c, (a, b) -> rank(b.next()) > rank(a.next()) ? b : a);
            if (c.next() == ServiceRequestState.DELIVERED) {
                delivered.add(key);
            }
        }
        List<Change> ordered = List.copyOf(furthest.values());
        boolean ends = durable || ordered.stream().anyMatch(c -> c.next().terminal());
        Tuple args = Tuple.tuple(List.of(ordered.stream().map(Change::requestId).toArray(String[]::new),
                ordered.stream().map(c -> c.next().name()).toArray(String[]::new),
                ordered.stream().map(c -> c.responseCode() != null ? c.responseCode() : c.next().responseCode()).toArray(String[]::new),
                ordered.stream().map(c -> c.response() == null ? null : c.response().toString()).toArray(String[]::new),
                ordered.stream().map(c -> delivered.contains(key(c))).toArray(Boolean[]::new),
                ordered.stream().map(Change::fromChf).toArray(String[]::new),
                ordered.stream().map(Change::fromDevice).toArray(String[]::new),
                java.util.stream.IntStream.range(0, ordered.size()).boxed().toArray(Integer[]::new)));
        return pool.withTransaction(tx -> {
            Uni<Void> start = ends ? Uni.createFrom().voidItem() : tx.query("set local synchronous_commit = off").execute().replaceWithVoid();
            return start.chain(() -> tx.preparedQuery(ADVANCE).execute(args)).chain(rows -> {
                List<ServiceRequest> moved = new ArrayList<>();
                List<Refused> refused = new ArrayList<>();
                List<EventEnvelope> events = new ArrayList<>();
                for (Row u : rows) {
                    String refusal = u.getString("refusal");
                    if (refusal != null) {
                        refused.add(new Refused(ordered.get(u.getInteger("refused_at")), Refusal.valueOf(refusal),
                                u.getString("sent_to_chf"), u.getString("sent_for_device")));
                        continue;
                    }
                    ServiceRequest after = view(u);
                    moved.add(after);
                    if (after.state().terminal()) {
                        events.add(EventEnvelope.of(EventType.SERVICE_REQUEST_COMPLETED, after.completedAt(), "gateway", after.deviceId(),
                                new ServiceRequestCompleted(after.requestId(), after.srv(), after.deviceId(), after.deviceType(),
                                        u.getString("region_code"), u.getString("originator_org"), after.state().name(),
                                        after.responseCode(), after.latencyMs(), after.requestedAt(), after.completedAt())));
                    }
                }
                return outbox.appendAll(tx, events).replaceWith(new Applied(moved, refused));
            });
        });
    }

    /** A report's request and where it came from: the gateway's own (empty) or a hub's topic. */
    private static List<String> key(Change c) {
        return List.of(c.requestId(), c.fromChf() == null ? "" : c.fromChf() + "/" + c.fromDevice());
    }

    private static int rank(ServiceRequestState s) {
        return s.terminal() ? 3 : s.ordinal();
    }

    /**
     * One statement for a whole batch: the rows locked in request id order (concurrent batches never wait on each other
     * in a circle), each moved only from a state its new one may follow (a repeated or late report changes nothing).
     * A hub's report touches a request only when the hub and device of its topic are those the command went to; the
     * others are answered as refused rows (with why, and the hub the command did go to), after the moved ones.
     * A hub's answer that comes before the SENT mark is written sets sent_at itself (the command was sent by then), so
     * that the mark, finding it set, leaves the row alone: one row version less for most requests. Not for a request
     * no hub was sent (one the inventory answered, without a chf_id) nor one that expired unsent.
     */
    private static final String ADVANCE = advance();

    /** A report from a hub may touch a request only if the command went to that hub for that device. */
    private static final String FROM_ITS_HUB = "(x_chf is null or (r.chf_id = x_chf and r.device_id = x_device))";

    private static String advance() {
        StringBuilder allowed = new StringBuilder("case x_next");
        StringBuilder terminal = new StringBuilder();
        for (ServiceRequestState s : ServiceRequestState.values()) {
            if (!s.from().isEmpty()) {
                allowed.append(" when '").append(s).append("' then array[")
                        .append(String.join(", ", s.from().stream().map(f -> "'" + f + "'").toList())).append("]");
            }
            if (s.terminal()) {
                terminal.append(terminal.isEmpty() ? "" : ", ").append("'").append(s).append("'");
            }
        }
        allowed.append(" end");
        String nothingMoved = String.join(", ", java.util.Collections.nCopies(COLUMNS.split(",").length, "null"));
        return "with x as (select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], "
                + "$7::text[], $8::int[]) as x(x_id, x_next, x_code, x_response, x_delivered, x_chf, x_device, x_at)), "
                + "locked as (select r.request_id as locked_id from service_request r join x on r.request_id = x.x_id "
                + "where " + FROM_ITS_HUB + " order by r.request_id for update of r), "
                + "moved as (update service_request r set state = x_next, response_code = x_code, "
                + "response = coalesce(x_response::jsonb, r.response), "
                + "sent_at = case when r.chf_id is null or x_next = 'EXPIRED' then r.sent_at else coalesce(r.sent_at, clock_timestamp()) end, "
                + "delivered_at = case when x_next = 'DELIVERED' then clock_timestamp() "
                + "when x_delivered then coalesce(r.delivered_at, clock_timestamp()) else r.delivered_at end, "
                + "completed_at = case when x_next in (" + terminal + ") then clock_timestamp() else r.completed_at end "
                + "from x join locked on locked_id = x_id where r.request_id = x_id and " + FROM_ITS_HUB
                + " and r.state = any(" + allowed + ") returning " + COLUMNS + "), "
                + "refused as (select x_at, case when r.request_id is null then 'UNKNOWN_REQUEST' "
                + "when r.chf_id is null then 'NOT_SENT_TO_A_HUB' when r.chf_id <> x_chf then 'WRONG_HUB' else 'WRONG_DEVICE' end "
                + "as refusal, r.chf_id, r.device_id from x left join service_request r on r.request_id = x_id "
                + "where x_chf is not null and not coalesce(r.chf_id = x_chf and r.device_id = x_device, false)) "
                + "select moved.*, null::text as refusal, null::int as refused_at, null::text as sent_to_chf, "
                + "null::text as sent_for_device from moved "
                + "union all select " + nothingMoved + ", refusal, x_at, chf_id, device_id from refused";
    }

    /** Requests past their time: delivered but unanswered beyond the response timeout, or never taken before they expired. */
    public Uni<List<Overdue>> overdue(Duration responseTimeout) {
        return pool.preparedQuery("select request_id, case when state = 'DELIVERED' then 'TIMED_OUT' else 'EXPIRED' end "
                + "from service_request where completed_at is null and ((state = 'DELIVERED' and delivered_at < now() - $1 * interval '1 millisecond') "
                + "or (state in ('QUEUED', 'SENT') and expires_at < now())) limit 500")
                .execute(Tuple.of(responseTimeout.toMillis()))
                .map(rows -> {
                    List<Overdue> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Overdue(r.getString(0), ServiceRequestState.valueOf(r.getString(1))));
                    }
                    return out;
                });
    }

    public record Overdue(String requestId, ServiceRequestState next) {
    }

    private static ServiceRequest view(Row r) {
        Instant requested = instant(r, "requested_at");
        Instant completed = instant(r, "completed_at");
        String response = r.getString("response");
        try {
            return new ServiceRequest(r.getString("request_id"), r.getString("srv"), r.getString("device_id"),
                    r.getString("device_type"), ServiceRequestState.valueOf(r.getString("state")), r.getString("response_code"),
                    response == null ? null : EventCodec.MAPPER.readTree(response), requested, instant(r, "sent_at"),
                    instant(r, "delivered_at"), completed, instant(r, "expires_at"),
                    completed == null ? null : Duration.between(requested, completed).toMillis());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored response of " + r.getString("request_id") + " is not JSON", e);
        }
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
