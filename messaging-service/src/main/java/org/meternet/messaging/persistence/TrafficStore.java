package org.meternet.messaging.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meternet.messaging.domain.TrafficTally;
import org.meternet.platform.event.TrafficCounted;

/** Per-minute message counts: added to by every batch, published once a minute has closed, queried by operators. */
@ApplicationScoped
public class TrafficStore {
    private final Pool pool;

    public TrafficStore(Pool pool) {
        this.pool = pool;
    }

    /** Adds a batch's counts to its minute; a minute already published is marked for publishing again. */
    public Uni<Void> add(SqlClient tx, Instant minute, TrafficTally tally) {
        if (tally.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = tally.counts().size();
        String[] direction = new String[n];
        String[] kind = new String[n];
        String[] supplier = new String[n];
        String[] region = new String[n];
        String[] type = new String[n];
        Long[] messages = new Long[n];
        int i = 0;
        for (Map.Entry<TrafficTally.Key, Long> e : tally.counts().entrySet()) {
            TrafficTally.Key k = e.getKey();
            direction[i] = k.direction();
            kind[i] = k.kind();
            supplier[i] = k.supplier();
            region[i] = k.region();
            type[i] = k.deviceType();
            messages[i++] = e.getValue();
        }
        return tx.preparedQuery("insert into traffic_minute (minute, direction, kind, supplier, region, device_type, messages) "
                + "select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) "
                + "on conflict (minute, direction, kind, supplier, region, device_type) do update "
                + "set messages = traffic_minute.messages + excluded.messages, published = false")
                .execute(Tuple.from(new Object[] {minute.atOffset(ZoneOffset.UTC), direction, kind, supplier, region, type,
                        messages}))
                .replaceWithVoid();
    }

    /**
     * The closed minutes not yet published (or changed since), whole, locked until the caller's
     * transaction ends; rows a batch is adding to are skipped and come next time.
     */
    public Uni<List<TrafficCounted>> claimUnpublished(SqlClient tx, Instant closedBefore, int maxRows) {
        return tx.preparedQuery("update traffic_minute set published = true where (minute, direction, kind, supplier, region, "
                + "device_type) in (select minute, direction, kind, supplier, region, device_type from traffic_minute "
                + "where not published and minute < $1 order by minute limit $2 for update skip locked) "
                + "returning minute, direction, kind, supplier, region, device_type, messages")
                .execute(Tuple.of(closedBefore.atOffset(ZoneOffset.UTC), maxRows))
                .chain(rows -> {
                    List<Instant> minutes = new ArrayList<>();
                    for (Row r : rows) {
                        Instant m = r.getOffsetDateTime("minute").toInstant();
                        if (!minutes.contains(m)) {
                            minutes.add(m);
                        }
                    }
                    // an event states a minute's totals, so it carries every row of the minute
                    return minutes.isEmpty() ? Uni.createFrom().item(List.<TrafficCounted>of()) : totals(tx, minutes);
                });
    }

    private Uni<List<TrafficCounted>> totals(SqlClient tx, List<Instant> minutes) {
        return tx.preparedQuery("select minute, direction, kind, supplier, region, device_type, messages from traffic_minute "
                + "where minute = any($1) order by minute, direction, kind, supplier, region, device_type")
                .execute(Tuple.of(minutes.stream().map(m -> m.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new)))
                .map(rows -> {
                    Map<Instant, List<TrafficCounted.Count>> byMinute = new LinkedHashMap<>();
                    for (Row r : rows) {
                        byMinute.computeIfAbsent(r.getOffsetDateTime("minute").toInstant(), m -> new ArrayList<>())
                                .add(new TrafficCounted.Count(r.getString("direction"), r.getString("kind"),
                                        r.getString("supplier"), r.getString("region"), r.getString("device_type"),
                                        r.getLong("messages")));
                    }
                    List<TrafficCounted> out = new ArrayList<>();
                    byMinute.forEach((m, counts) -> out.add(new TrafficCounted(m, counts)));
                    return out;
                });
    }

    /** A row of the traffic report: a period and the messages in it for one combination of dimensions. */
    public record TrafficRow(Instant period, String direction, String kind, String supplier, String region, String deviceType,
            long messages) {
    }

    public record Filter(String direction, String kind, String supplier, String region, String deviceType) {
    }

    /** Traffic in [from, to) summed per period ("minute", "hour" or "day", UTC). */
    public Uni<List<TrafficRow>> query(Instant from, Instant to, String period, Filter f, int limit) {
        return pool.preparedQuery("select date_trunc($3, minute, 'UTC') as period, direction, kind, supplier, region, device_type, "
                + "sum(messages)::bigint as messages from traffic_minute where minute >= $1 and minute < $2 "
                + "and ($4::text is null or direction = $4) and ($5::text is null or kind = $5) "
                + "and ($6::text is null or supplier = $6) and ($7::text is null or region = $7) "
                + "and ($8::text is null or device_type = $8) "
                + "group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6 limit $9")
                .execute(Tuple.from(new Object[] {from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), period,
                        f.direction(), f.kind(), f.supplier(), f.region(), f.deviceType(), limit}))
                .map(rows -> {
                    List<TrafficRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new TrafficRow(r.getOffsetDateTime("period").toInstant(), r.getString("direction"),
                                r.getString("kind"), r.getString("supplier"), r.getString("region"),
                                r.getString("device_type"), r.getLong("messages")));
                    }
                    return out;
                });
    }
}
