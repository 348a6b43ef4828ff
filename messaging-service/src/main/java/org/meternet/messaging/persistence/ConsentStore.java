package org.meternet.messaging.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.meternet.messaging.domain.Consent.Level;
import org.meternet.messaging.domain.RegistrationHistory.Period;

/** The consent level recorded for each metering point; none recorded means the default. */
@ApplicationScoped
public class ConsentStore {
    private final Pool pool;

    public ConsentStore(Pool pool) {
        this.pool = pool;
    }

    public record Recorded(String mpxn, Level level, boolean isDefault, String recordedBy, Instant recordedAt) {
    }

    /**
     * The choice in force for a registration: the last one recorded during it (a choice recorded under another
     * supplier's registration does not carry over); none: the default.
     */
    public Uni<Recorded> find(String mpxn, Period registration) {
        if (mpxn == null) {
            return Uni.createFrom().item(new Recorded(null, Level.DEFAULT, true, null, null));
        }
        return pool.preparedQuery("select level, recorded_by, recorded_at from metering_point_consent where mpxn = $1 "
                + "and recorded_at >= coalesce($2, '-infinity'::timestamptz) and recorded_at < coalesce($3, 'infinity'::timestamptz) "
                + "order by recorded_at desc limit 1")
                .execute(Tuple.of(mpxn, utc(registration.from()), utc(registration.to())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Recorded(mpxn, Level.DEFAULT, true, null, null);
                    }
                    Row r = rows.iterator().next();
                    return new Recorded(mpxn, Level.valueOf(r.getString("level")), false, r.getString("recorded_by"),
                            r.getOffsetDateTime("recorded_at").toInstant());
                });
    }

    /** Records a choice; earlier ones are kept, for the registrations they were made under. */
    public Uni<Recorded> record(String mpxn, Level level, String org) {
        return pool.preparedQuery("insert into metering_point_consent (mpxn, level, recorded_by, recorded_at) "
                + "values ($1, $2, $3, clock_timestamp()) returning recorded_at")
                .execute(Tuple.of(mpxn, level.name(), org))
                .map(rows -> new Recorded(mpxn, level, false, org, rows.iterator().next().getOffsetDateTime(0).toInstant()));
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    /** The meter on this metering point, per the projection; null when none is known. */
    public Uni<String> meterOn(String mpxn) {
        return pool.preparedQuery("select device_id from device_projection where mpxn = $1 and device_type in ('ESME', 'GSME') "
                + "order by updated_at desc limit 1")
                .execute(Tuple.of(mpxn))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }
}
