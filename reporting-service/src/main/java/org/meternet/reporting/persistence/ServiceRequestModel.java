package org.meternet.reporting.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.ServiceRequestCompleted;

/** Service-request outcomes and latencies, from meter-gateway's service-request.completed. */
@ApplicationScoped
public class ServiceRequestModel {
    public static final Map<String, String> DIMENSIONS = Map.of("srv", "srv", "region", "region_code", "deviceType", "device_type");
    private final Pool pool;

    public ServiceRequestModel(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> apply(SqlClient tx, EventEnvelope event) {
        if (!EventType.SERVICE_REQUEST_COMPLETED.wireName().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        ServiceRequestCompleted c = event.dataAs(ServiceRequestCompleted.class);
        return tx.preparedQuery("insert into service_request (request_id, srv, device_type, region_code, originator_org, outcome, "
                + "response_code, latency_ms, completed_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing")
                .execute(Tuple.from(new Object[] {c.requestId(), c.srv(), orUnknown(c.deviceType()), orUnknown(c.regionCode()),
                        c.originatorOrg(),
                        c.outcome(), c.responseCode(), c.latencyMs(), c.completedAt().atOffset(ZoneOffset.UTC)}))
                .replaceWithVoid();
    }

    /**
     * A request the inventory answered (8.2, 12.2, status changes) went to no device type or region: it is counted
     * under UNKNOWN. Refusing the event instead would hold every later one behind it, for everyone.
     */
    static String orUnknown(String dimension) {
        return dimension == null || dimension.isBlank() ? UNKNOWN : dimension;
    }

    public static final String UNKNOWN = "UNKNOWN";

    public record Volume(String srv, String key, long requests, long succeeded, double successRate, double p50Ms, double p95Ms,
            double p99Ms) {
    }

    /** Per SRV and, optionally, a second dimension (region or deviceType): volumes, success rate, latency percentiles. */
    public Uni<List<Volume>> volumes(Instant from, Instant to, String by) {
        String key = by == null ? "'all'" : DIMENSIONS.get(by);
        return pool.preparedQuery("select srv, " + key + " as key, count(*), count(*) filter (where outcome = 'SUCCEEDED'), "
                + "percentile_cont(0.5) within group (order by latency_ms), percentile_cont(0.95) within group (order by latency_ms), "
                + "percentile_cont(0.99) within group (order by latency_ms) from service_request "
                + "where completed_at >= $1 and completed_at < $2 group by 1, 2 order by 1, 2")
                .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Volume> out = new ArrayList<>();
                    for (Row r : rows) {
                        long n = r.getLong(2);
                        long ok = r.getLong(3);
                        out.add(new Volume(r.getString(0), r.getString(1), n, ok, org.meternet.reporting.domain.TakeUp.percent((double) ok / n),
                                r.getDouble(4), r.getDouble(5), r.getDouble(6)));
                    }
                    return out;
                });
    }
}
