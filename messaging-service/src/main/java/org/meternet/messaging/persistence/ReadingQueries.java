package org.meternet.messaging.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.meternet.messaging.domain.Consent.Granularity;
import org.meternet.messaging.domain.RegistrationHistory.Period;

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

    /** Every reading in [from, to), as the operator and a network operator see them. */
    public Uni<List<ReadingPoint>> series(String deviceId, Granularity g, Instant from, Instant to, int limit) {
        return series(deviceId, g, from, to, List.of(Period.ALWAYS), limit);
    }

    /**
     * The readings in [from, to) whose reading time falls within one of the periods (a supplier's registrations):
     * the window is clipped to each period and each clipped window read by the index on (device, time), so no reading
     * outside them is loaded. A register read's time is its device time, a profile interval's its start, a daily
     * (monthly) value's the start of its GB day: a day whose start lies outside the periods is not served, and its
     * fallback from register reads takes only reads within them.
     */
    public Uni<List<ReadingPoint>> series(String deviceId, Granularity g, Instant from, Instant to, List<Period> periods, int limit) {
        return switch (g) {
            case REGISTER -> {
                Windows w = windows(periods, from, to);
                yield w.isEmpty() ? none() : pool.preparedQuery("""
                        select r.device_time as t, r.import_wh, r.export_wh, r.gas_m3, 'register-read' as source, r.message_id
                        from unnest($2::timestamptz[], $3::timestamptz[]) as w(lo, hi)
                        cross join lateral (select device_time, import_wh, export_wh, gas_m3, message_id from reading
                            where device_id = $1 and device_time >= w.lo and device_time < w.hi
                            order by device_time limit $4) r
                        order by r.device_time limit $4""")
                        .execute(Tuple.of(deviceId, w.lo(), w.hi(), limit)).map(ReadingQueries::points);
            }
            case HALF_HOURLY -> {
                Windows w = windows(periods, from, to);
                yield w.isEmpty() ? none() : pool.preparedQuery("""
                        select p.interval_start as t, p.import_wh, p.export_wh, p.gas_m3, 'half-hourly-profile' as source, p.message_id
                        from unnest($2::timestamptz[], $3::timestamptz[]) as w(lo, hi)
                        cross join lateral (select interval_start, import_wh, export_wh, gas_m3, message_id from profile_interval
                            where device_id = $1 and interval_start >= w.lo and interval_start < w.hi
                            order by interval_start limit $4) p
                        order by p.interval_start limit $4""")
                        .execute(Tuple.of(deviceId, w.lo(), w.hi(), limit)).map(ReadingQueries::points);
            }
            case DAILY -> {
                Tuple args = dailyArgs(deviceId, periods, from, to, limit);
                yield args == null ? none() : pool.preparedQuery(DAILY + " select (day::timestamp at time zone 'Europe/London') as t, "
                        + "import_wh, export_wh, gas_m3, source, message_id from daily order by day limit $6")
                        .execute(args).map(ReadingQueries::points);
            }
            case MONTHLY -> {
                Tuple args = dailyArgs(deviceId, periods, from, to, limit);
                yield args == null ? none() : pool.preparedQuery(DAILY + " select distinct on (date_trunc('month', day)) "
                        + "(day::timestamp at time zone 'Europe/London') as t, import_wh, export_wh, gas_m3, source, message_id from daily "
                        + "order by date_trunc('month', day), day limit $6")
                        .execute(args).map(ReadingQueries::points);
            }
        };
    }

    /** The registers at the start of each GB day: the daily read log's value, else the day's first register read. */
    private static final String DAILY = """
            with w as (select * from unnest($2::date[], $3::date[], $4::timestamptz[], $5::timestamptz[])
                       as w(first_day, end_day, lo, hi)),
            daily as (
                select distinct on (day) day, import_wh, export_wh, gas_m3, source, message_id from (
                    select d.read_date as day, d.import_wh, d.export_wh, d.gas_m3, 'daily-read-log' as source, d.message_id,
                           0 as rank, null::timestamptz as t
                    from w cross join lateral (select read_date, import_wh, export_wh, gas_m3, message_id from daily_read
                        where device_id = $1 and read_date >= w.first_day and read_date < w.end_day) d
                    union all
                    select (r.device_time at time zone 'Europe/London')::date, r.import_wh, r.export_wh, r.gas_m3, 'register-read',
                           r.message_id, 1, r.device_time
                    from w cross join lateral (select device_time, import_wh, export_wh, gas_m3, message_id from reading
                        where device_id = $1 and device_time >= w.lo and device_time < w.hi) r
                ) both_sources order by day, rank, t)
            """;

    /** Windows [lo, hi) as two parallel arrays, for unnest. */
    private record Windows(OffsetDateTime[] lo, OffsetDateTime[] hi) {
        boolean isEmpty() {
            return lo.length == 0;
        }
    }

    /** [from, to) clipped to each period, in time order. */
    static List<Period> clip(List<Period> periods, Instant from, Instant to) {
        List<Period> out = new ArrayList<>();
        for (Period p : periods) {
            p.clip(from, to).ifPresent(out::add);
        }
        out.sort(java.util.Comparator.comparing(Period::from));
        return out;
    }

    private static Windows windows(List<Period> periods, Instant from, Instant to) {
        List<Period> clipped = clip(periods, from, to);
        return new Windows(clipped.stream().map(p -> utc(p.from())).toArray(OffsetDateTime[]::new),
                clipped.stream().map(p -> utc(p.to())).toArray(OffsetDateTime[]::new));
    }

    /**
     * The days asked for are those from the GB day of {@code from} to the day that holds {@code to}'s last instant, as
     * before; within each period, the days whose start lies in it, and the register reads within it from the first such
     * day's start. Null when no day is left.
     */
    private static Tuple dailyArgs(String deviceId, List<Period> periods, Instant from, Instant to, int limit) {
        Instant dayFrom = LocalDate.ofInstant(from, GB).atStartOfDay(GB).toInstant();
        Instant dayTo = firstDayStartingAtOrAfter(to).atStartOfDay(GB).toInstant();
        List<LocalDate> firstDays = new ArrayList<>();
        List<LocalDate> endDays = new ArrayList<>();
        List<OffsetDateTime> los = new ArrayList<>();
        List<OffsetDateTime> his = new ArrayList<>();
        for (Period p : clip(periods, dayFrom, dayTo)) {
            LocalDate first = firstDayStartingAtOrAfter(p.from());
            LocalDate end = firstDayStartingAtOrAfter(p.to());
            Instant lo = first.atStartOfDay(GB).toInstant();
            if (!lo.isBefore(p.to())) {
                continue; // no day starts within this period
            }
            firstDays.add(first);
            endDays.add(end);
            los.add(utc(lo));
            his.add(utc(p.to()));
        }
        if (firstDays.isEmpty()) {
            return null;
        }
        return Tuple.from(new Object[] {deviceId, firstDays.toArray(LocalDate[]::new), endDays.toArray(LocalDate[]::new),
                los.toArray(OffsetDateTime[]::new), his.toArray(OffsetDateTime[]::new), limit});
    }

    private static LocalDate firstDayStartingAtOrAfter(Instant t) {
        LocalDate day = LocalDate.ofInstant(t, GB);
        return day.atStartOfDay(GB).toInstant().equals(t) ? day : day.plusDays(1);
    }

    private static Uni<List<ReadingPoint>> none() {
        return Uni.createFrom().item(List.of());
    }

    private static OffsetDateTime utc(Instant t) {
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
