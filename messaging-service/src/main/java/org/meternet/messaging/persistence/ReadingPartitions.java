package org.meternet.messaging.persistence;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps one partition per month of each telemetry table (register reads, daily reads, profile
 * intervals): creates the months around now ahead of the data, and
 * drops whole months older than the retention period.
 */
@Singleton
public class ReadingPartitions {
    private static final Logger LOG = Logger.getLogger(ReadingPartitions.class);
    static final int MONTHS_AHEAD = 2;

    private final Pool pool;
    private final Period retention;
    private final Clock clock = Clock.systemUTC();

    public ReadingPartitions(Pool pool, @ConfigProperty(name = "meternet.readings.retention") Period retention) {
        this.pool = pool;
        this.retention = retention;
    }

    void atStartup(@Observes StartupEvent ev) {
        maintain().await().indefinitely();
    }

    @Scheduled(cron = "0 15 1 * * ?", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return maintain();
    }

    /** Creates this month and the next ones, then drops the months past retention. */
    public Uni<Void> maintain() {
        YearMonth now = YearMonth.now(clock);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i <= MONTHS_AHEAD; i++) {
            YearMonth month = now.plusMonths(i);
            chain = chain.chain(() -> create(month));
        }
        return chain.chain(() -> dropExpired());
    }

    /** A partitioned table, its partition key, and whether the key is a date (else an instant). */
    record Partitioned(String table, String column, boolean date) {
        String bound(YearMonth month) {
            return date ? month.atDay(1).toString() : month.atDay(1) + "T00:00:00Z";
        }
    }

    static final List<Partitioned> TABLES = List.of(new Partitioned("reading", "device_time", false),
            new Partitioned("daily_read", "read_date", true), new Partitioned("profile_interval", "interval_start", false));
    private static final java.util.regex.Pattern MONTHLY = java.util.regex.Pattern.compile(".*_y(\\d{4})m(\\d{2})$");

    static String name(String table, YearMonth month) {
        return String.format("%s_y%04dm%02d", table, month.getYear(), month.getMonthValue());
    }

    private Uni<Void> create(YearMonth month) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Partitioned t : TABLES) {
            chain = chain.chain(() -> create(t, month));
        }
        return chain;
    }

    private Uni<Void> create(Partitioned t, YearMonth month) {
        String sql = "create table if not exists " + name(t.table(), month) + " partition of " + t.table()
                + " for values from ('" + t.bound(month) + "') to ('" + t.bound(month.plusMonths(1)) + "')";
        return pool.query(sql).execute().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    // the default partition already holds rows of that month: they stay there
                    LOG.warnf("cannot add a %s partition for %s: %s", t.table(), month, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> dropExpired() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Partitioned t : TABLES) {
            chain = chain.chain(() -> dropExpired(t));
        }
        return chain;
    }

    private Uni<Void> dropExpired(Partitioned t) {
        LocalDate cutoff = LocalDate.now(clock).minus(retention).withDayOfMonth(1);
        return pool.preparedQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "join pg_class p on p.oid = i.inhparent where p.relname = $1")
                .execute(Tuple.of(t.table())).chain(rows -> {
                    List<String> expired = new ArrayList<>();
                    for (Row r : rows) {
                        String table = r.getString(0);
                        java.util.regex.Matcher m = MONTHLY.matcher(table);
                        if (!m.matches()) {
                            continue;
                        }
                        YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                        if (month.plusMonths(1).atDay(1).isBefore(cutoff.plusDays(1))) {
                            expired.add(table);
                        }
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String table : expired) {
                        chain = chain.chain(() -> pool.query("drop table " + table).execute()
                                .invoke(() -> LOG.infof("dropped partition %s (older than the %s retention)", table, retention))
                                .replaceWithVoid());
                    }
                    Object limit = t.date() ? cutoff : cutoff.atStartOfDay().atOffset(ZoneOffset.UTC);
                    return chain.chain(() -> pool.preparedQuery("delete from " + t.table() + "_default where " + t.column()
                            + " < $1").execute(Tuple.of(limit)).replaceWithVoid());
                });
    }
}
