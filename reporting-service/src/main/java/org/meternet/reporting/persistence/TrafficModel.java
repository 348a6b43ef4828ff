package org.meternet.reporting.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.TrafficCounted;

/** Traffic read model from messaging-service's traffic.counted: a minute's statement replaces the earlier one. */
@ApplicationScoped
public class TrafficModel {
    private final Pool pool;

    public TrafficModel(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> apply(SqlClient tx, EventEnvelope event) {
        if (!EventType.TRAFFIC_COUNTED.wireName().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        TrafficCounted t = event.dataAs(TrafficCounted.class);
        java.time.OffsetDateTime minute = t.minute().atOffset(ZoneOffset.UTC);
        List<TrafficCounted.Count> c = t.counts();
        return tx.preparedQuery("delete from traffic_minute where minute = $1").execute(Tuple.of(minute))
                .chain(() -> c.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(
                        "insert into traffic_minute (minute, direction, kind, supplier, region, device_type, messages) "
                                + "select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])")
                        .execute(Tuple.from(new Object[] {minute,
                                c.stream().map(TrafficCounted.Count::direction).toArray(String[]::new),
                                c.stream().map(TrafficCounted.Count::kind).toArray(String[]::new),
                                c.stream().map(TrafficCounted.Count::supplier).toArray(String[]::new),
                                c.stream().map(TrafficCounted.Count::region).toArray(String[]::new),
                                c.stream().map(TrafficCounted.Count::deviceType).toArray(String[]::new),
                                c.stream().map(TrafficCounted.Count::messages).toArray(Long[]::new)}))
                        .replaceWithVoid());
    }

    /** Messages per GB calendar month, in one direction ("up", "down") or both (null). */
    public Uni<Map<YearMonth, Long>> perMonth(String direction) {
        return pool.preparedQuery("select to_char(minute at time zone 'Europe/London', 'YYYY-MM') as month, sum(messages)::bigint "
                + "from traffic_minute where ($1::text is null or direction = $1) group by 1 order by 1")
                .execute(Tuple.of(direction))
                .map(rows -> {
                    Map<YearMonth, Long> out = new TreeMap<>();
                    for (Row r : rows) {
                        out.put(YearMonth.parse(r.getString(0)), r.getLong(1));
                    }
                    return out;
                });
    }

    public record Day(java.time.LocalDate day, String direction, String kind, long messages) {
    }

    /** Messages per GB day in [from, to) by direction and kind, optionally one direction or kind. */
    public Uni<List<Day>> perDay(java.time.Instant from, java.time.Instant to, String direction, String kind) {
        return pool.preparedQuery("select (minute at time zone 'Europe/London')::date as day, direction, kind, sum(messages)::bigint "
                + "from traffic_minute where minute >= $1 and minute < $2 and ($3::text is null or direction = $3) "
                + "and ($4::text is null or kind = $4) group by 1, 2, 3 order by 1, 2, 3")
                .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), direction, kind))
                .map(rows -> {
                    List<Day> out = new java.util.ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Day(r.getLocalDate(0), r.getString(1), r.getString(2), r.getLong(3)));
                    }
                    return out;
                });
    }
}
