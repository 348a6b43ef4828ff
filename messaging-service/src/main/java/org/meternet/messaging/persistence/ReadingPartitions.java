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
 * Keeps one partition of readings per month: creates the months around now ahead of the data, and
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
        return chain.chain(this::dropExpired);
    }

    static String name(YearMonth month) {
        return String.format("reading_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    private Uni<Void> create(YearMonth month) {
        String sql = "create table if not exists " + name(month) + " partition of reading for values from ('"
                + month.atDay(1) + "T00:00:00Z') to ('" + month.plusMonths(1).atDay(1) + "T00:00:00Z')";
        return pool.query(sql).execute().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    // the default partition already holds rows of that month: they stay there
                    LOG.warnf("cannot add a partition for %s: %s", month, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> dropExpired() {
        LocalDate cutoff = LocalDate.now(clock).minus(retention).withDayOfMonth(1);
        return pool.query("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "join pg_class p on p.oid = i.inhparent where p.relname = 'reading' and c.relname like 'reading_y%'")
                .execute().chain(rows -> {
                    List<String> expired = new ArrayList<>();
                    for (Row r : rows) {
                        String table = r.getString(0);
                        YearMonth month = YearMonth.of(Integer.parseInt(table.substring(9, 13)), Integer.parseInt(table.substring(14, 16)));
                        if (month.plusMonths(1).atDay(1).isBefore(cutoff.plusDays(1))) {
                            expired.add(table);
                        }
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String table : expired) {
                        chain = chain.chain(() -> pool.query("drop table " + table).execute()
                                .invoke(() -> LOG.infof("dropped readings partition %s (older than the %s retention)", table, retention))
                                .replaceWithVoid());
                    }
                    return chain.chain(() -> pool.preparedQuery("delete from reading_default where device_time < $1")
                            .execute(Tuple.of(cutoff.atStartOfDay().atOffset(ZoneOffset.UTC))).replaceWithVoid());
                });
    }
}
