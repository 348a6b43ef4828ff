package org.meternet.messaging.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.meternet.messaging.domain.Consent.Granularity;

/**
 * A device's readings at one granularity. Daily and monthly values are the registers at the start of
 * the day (month), GB time: from the daily read log, or else the first register read of that day.
 * Half-hourly values are the consumption of each half hour (profile data).
 */
@ApplicationScoped
public class ReadingQueries {
    static final ZoneId GB = ZoneId.of("Europe/London");
    private final Pool pool;

    public ReadingQueries(Pool pool) {
        this.pool = pool;
    }

    /** One value of a series: the start of its period, the registers (or consumption), and where it came from. */
    public record ReadingPoint(Instant time, Long importWh, Long exportWh, Double gasM3, String source, String messageId) {
    }

    public Uni<List<ReadingPoint>> series(String deviceId, Granularity g, Instant from, Instant to, int limit) {
        return switch (g) {
            case REGISTER -> pool.preparedQuery("select device_time as t, import_wh, export_wh, gas_m3, 'register-read' as source, message_id "
                    + "from reading where device_id = $1 and device_time >= $2 and device_time < $3 order by device_time limit $4")
                    .execute(Tuple.of(deviceId, utc(from), utc(to), limit)).map(ReadingQueries::points);
            case HALF_HOURLY -> pool.preparedQuery("select interval_start as t, import_wh, export_wh, gas_m3, "
                    + "'half-hourly-profile' as source, message_id from profile_interval where device_id = $1 and interval_start >= $2 "
                    + "and interval_start < $3 order by interval_start limit $4")
                    .execute(Tuple.of(deviceId, utc(from), utc(to), limit)).map(ReadingQueries::points);
            case DAILY -> pool.preparedQuery(DAILY + " select (day::timestamp at time zone 'Europe/London') as t, import_wh, "
                    + "export_wh, gas_m3, source, message_id from daily order by day limit $6")
                    .execute(dailyArgs(deviceId, from, to, limit)).map(ReadingQueries::points);
            case MONTHLY -> pool.preparedQuery(DAILY + " select distinct on (date_trunc('month', day)) "
                    + "(day::timestamp at time zone 'Europe/London') as t, import_wh, export_wh, gas_m3, source, message_id from daily "
                    + "order by date_trunc('month', day), day limit $6")
                    .execute(dailyArgs(deviceId, from, to, limit)).map(ReadingQueries::points);
        };
    }

    /** The registers at the start of each GB day: the daily read log's value, else the day's first register read. */
    private static final String DAILY = """
            with daily as (
                select distinct on (day) day, import_wh, export_wh, gas_m3, source, message_id from (
                    select read_date as day, import_wh, export_wh, gas_m3, 'daily-read-log' as source, message_id, 0 as rank,
                           null::timestamptz as t
                    from daily_read where device_id = $1 and read_date >= $2 and read_date < $3
                    union all
                    select (device_time at time zone 'Europe/London')::date, import_wh, export_wh, gas_m3, 'register-read', message_id, 1,
                           device_time
                    from reading where device_id = $1 and device_time >= $4 and device_time < $5
                ) both_sources order by day, rank, t)
            """;

    private static Tuple dailyArgs(String deviceId, Instant from, Instant to, int limit) {
        LocalDate firstDay = LocalDate.ofInstant(from, GB);
        LocalDate endDay = LocalDate.ofInstant(to, GB);
        if (!endDay.atStartOfDay(GB).toInstant().equals(to)) {
            endDay = endDay.plusDays(1);
        }
        return Tuple.from(new Object[] {deviceId, firstDay, endDay, utc(firstDay.atStartOfDay(GB).toInstant()),
                utc(endDay.atStartOfDay(GB).toInstant()), limit});
    }

    private static java.time.OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static List<ReadingPoint> points(RowSet<Row> rows) {
        List<ReadingPoint> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new ReadingPoint(r.getOffsetDateTime("t").toInstant(), r.getLong("import_wh"), r.getLong("export_wh"),
                    r.getDouble("gas_m3"), r.getString("source"), r.getString("message_id")));
        }
        return out;
    }
}
