package org.meternet.gateway.audit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.meternet.platform.api.QueryParams;
import org.meternet.platform.batch.WriteBehind;

/**
 * The gateway's audit trail. Calls are queued as they end and written a batch at a time (every 200 ms), so that
 * auditing adds no database round trip to a caller's call.
 */
@Singleton
public class AuditLog {
    /** One call: who made it, what it amounted to and how it ended. */
    public record Entry(Long id, Instant at, String subject, String org, String method, String path, String srv, String deviceId,
            String requestId, int status, String code, long latencyMs) {
    }

    private static final int MAX_TEXT = 2000;

    private final Pool pool;
    private final WriteBehind<Entry> pending;

    public AuditLog(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.pending = new WriteBehind<>(vertx, "audit entries", Duration.ofMillis(200), 1000, this::write);
    }

    void start(@Observes StartupEvent start) {
        pending.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        pending.stop();
    }

    public void record(Entry e) {
        pending.add(new Entry(e.id(), e.at(), clean(e.subject()), clean(e.org()), clean(e.method()), clean(e.path()), clean(e.srv()),
                clean(e.deviceId()), clean(e.requestId()), e.status(), clean(e.code()), e.latencyMs()));
    }

    /**
     * What a caller chose (a path, a device id) goes into the trail printable and bounded: PostgreSQL refuses NUL in
     * text, and one refused entry would hold back the whole batch it is written with.
     */
    static String clean(String text) {
        return text == null ? null : QueryParams.printable(text, MAX_TEXT);
    }

    /** Writes what is queued; answers when it is in the database. */
    public Uni<Void> flush() {
        return pending.flush();
    }

    private Uni<Void> write(List<Entry> batch) {
        return pool.preparedQuery("insert into audit_entry (at, subject, org, method, path, srv, device_id, request_id, status, code, "
                + "latency_ms) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .executeBatch(batch.stream().map(e -> Tuple.from(new Object[] {e.at().atOffset(ZoneOffset.UTC), e.subject(), e.org(),
                        e.method(), e.path(), e.srv(), e.deviceId(), e.requestId(), e.status(), e.code(), (int) e.latencyMs()}))
                        .toList())
                .replaceWithVoid();
    }

    /** Entries after a cursor (id), newest filters applied, oldest first. */
    public Uni<List<Entry>> find(String org, String srv, String deviceId, Instant from, Instant to, long after, int limit) {
        return flush().onFailure().recoverWithNull().chain(() -> pool.preparedQuery("select id, at, subject, org, method, path, srv, "
                + "device_id, request_id, status, code, latency_ms from audit_entry where id > $1 "
                + "and ($2::text is null or org = $2) and ($3::text is null or srv = $3) and ($4::text is null or device_id = $4) "
                + "and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at < $6) order by id limit $7")
                .execute(Tuple.from(new Object[] {after, org, srv, deviceId, from == null ? null : from.atOffset(ZoneOffset.UTC),
                        to == null ? null : to.atOffset(ZoneOffset.UTC), limit}))
                .map(rows -> {
                    List<Entry> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Entry(r.getLong(0), r.getOffsetDateTime(1).toInstant(), r.getString(2), r.getString(3),
                                r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getInteger(9),
                                r.getString(10), r.getInteger(11)));
                    }
                    return out;
                }));
    }
}
