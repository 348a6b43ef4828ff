package org.meternet.messaging.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.meternet.platform.hub.AlertCatalogue.AlertType;
import org.meternet.platform.hub.DailyReadLog;
import org.meternet.platform.hub.DeviceAlert;
import org.meternet.platform.hub.HalfHourlyProfile;
import org.meternet.platform.hub.RegisterRead;

/**
 * Writes hub telemetry with one statement per kind and batch. Every insert skips what is already
 * stored (redeliveries, hub retries) and says which messages were new, so that traffic is counted
 * once per message.
 */
@ApplicationScoped
public class TelemetryStore {

    /** A message accepted for storage: the hub it came through, its device (canonical id) and content. */
    public record Accepted<T>(String chfId, String deviceId, T message) {
    }

    /** A stored alert with whom it was routed to: the supplier registered at its time, and the others entitled. */
    public record RoutedAlert(Accepted<DeviceAlert> alert, AlertType type, String supplier, List<String> entitledOrgs) {
    }

    public record DeadLetter(String topic, byte[] payload, String code, String field, String reason) {
    }

    /** The key a message is stored under: its device and messageId. */
    public static String key(String deviceId, String messageId) {
        return deviceId + '\u0000' + messageId;
    }

    public Uni<Set<String>> storeRegisterReads(SqlClient tx, List<Accepted<RegisterRead>> reads) {
        if (reads.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = reads.size();
        Object[] cols = {new String[n], new String[n], new String[n], new OffsetDateTime[n], new Long[n], new Long[n],
                new Double[n]};
        for (int i = 0; i < n; i++) {
            Accepted<RegisterRead> a = reads.get(i);
            RegisterRead r = a.message();
            set(cols, i, a.deviceId(), r.messageId(), a.chfId(), utc(r.deviceTime()), r.importWh(), r.exportWh(), r.gasM3());
        }
        return tx.preparedQuery("insert into reading (device_id, message_id, chf_id, device_time, import_wh, export_wh, gas_m3) "
                + "select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::bigint[], "
                + "$7::float8[]) on conflict do nothing returning device_id, message_id")
                .execute(Tuple.from(cols)).map(TelemetryStore::keys);
    }

    /** One row per day of each log; a day already stored for the device keeps its first value. */
    public Uni<Set<String>> storeDailyLogs(SqlClient tx, List<Accepted<DailyReadLog>> logs) {
        if (logs.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = logs.stream().mapToInt(l -> l.message().days().size()).sum();
        Object[] cols = {new String[n], new java.time.LocalDate[n], new String[n], new String[n], new Long[n], new Long[n],
                new Double[n]};
        int i = 0;
        for (Accepted<DailyReadLog> a : logs) {
            for (DailyReadLog.Day d : a.message().days()) {
                set(cols, i++, a.deviceId(), d.date(), a.message().messageId(), a.chfId(), d.importWh(), d.exportWh(), d.gasM3());
            }
        }
        return tx.preparedQuery("insert into daily_read (device_id, read_date, message_id, chf_id, import_wh, export_wh, gas_m3) "
                + "select * from unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], "
                + "$7::float8[]) on conflict do nothing returning device_id, message_id")
                .execute(Tuple.from(cols)).map(TelemetryStore::keys);
    }

    /** One row per half hour of each profile. */
    public Uni<Set<String>> storeProfiles(SqlClient tx, List<Accepted<HalfHourlyProfile>> profiles) {
        if (profiles.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = profiles.stream().mapToInt(p -> p.message().intervals()).sum();
        Object[] cols = {new String[n], new OffsetDateTime[n], new String[n], new String[n], new Long[n], new Long[n],
                new Double[n]};
        int i = 0;
        for (Accepted<HalfHourlyProfile> a : profiles) {
            HalfHourlyProfile p = a.message();
            for (int k = 0; k < p.intervals(); k++) {
                set(cols, i++, a.deviceId(), utc(p.periodStart().plus(HALF_HOUR.multipliedBy(k))), p.messageId(), a.chfId(),
                        at(p.importWh(), k), at(p.exportWh(), k), at(p.gasM3(), k));
            }
        }
        return tx.preparedQuery("insert into profile_interval (device_id, interval_start, message_id, chf_id, import_wh, "
                + "export_wh, gas_m3) select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], "
                + "$5::bigint[], $6::bigint[], $7::float8[]) on conflict do nothing returning device_id, message_id")
                .execute(Tuple.from(cols)).map(TelemetryStore::keys);
    }

    public Uni<Set<String>> storeAlerts(SqlClient tx, List<RoutedAlert> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = alerts.size();
        Object[] cols = {new String[n], new String[n], new OffsetDateTime[n], new String[n], new String[n], new String[n],
                new String[n], new String[n], new String[n]};
        for (int i = 0; i < n; i++) {
            RoutedAlert r = alerts.get(i);
            DeviceAlert a = r.alert().message();
            set(cols, i, r.alert().deviceId(), a.messageId(), utc(a.deviceTime()), r.alert().chfId(), r.type().code(),
                    r.type().name(), r.type().category().name(), a.detail(),
                    // text[] cannot travel inside an unnest of arrays of arrays of differing lengths: joined, split in SQL
                    String.join(",", r.entitledOrgs()));
        }
        return tx.preparedQuery("insert into device_alert (device_id, message_id, device_time, chf_id, alert_code, alert_name, "
                + "category, detail, entitled_orgs) select d, m, t, c, code, name, cat, detail, string_to_array(orgs, ',') "
                + "from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], "
                + "$8::text[], $9::text[]) as u(d, m, t, c, code, name, cat, detail, orgs) "
                + "on conflict do nothing returning device_id, message_id")
                .execute(Tuple.from(cols)).map(TelemetryStore::keys);
    }

    public Uni<Void> deadLetterAll(SqlClient tx, List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("insert into dead_letter (topic, payload, code, field, reason) "
                + "select * from unnest($1::text[], $2::bytea[], $3::text[], $4::text[], $5::text[])")
                .execute(Tuple.of(letters.stream().map(DeadLetter::topic).toArray(String[]::new),
                        letters.stream().map(l -> Buffer.buffer(l.payload())).toArray(Buffer[]::new),
                        letters.stream().map(DeadLetter::code).toArray(String[]::new),
                        letters.stream().map(DeadLetter::field).toArray(String[]::new),
                        letters.stream().map(DeadLetter::reason).toArray(String[]::new)))
                .replaceWithVoid();
    }

    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private static void set(Object[] cols, int row, Object... values) {
        for (int c = 0; c < cols.length; c++) {
            ((Object[]) cols[c])[row] = values[c];
        }
    }

    private static <T> T at(List<T> values, int i) {
        return values == null ? null : values.get(i);
    }

    private static OffsetDateTime utc(java.time.Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Set<String> keys(RowSet<Row> rows) {
        Set<String> stored = new HashSet<>();
        for (Row r : rows) {
            stored.add(key(r.getString(0), r.getString(1)));
        }
        return stored;
    }
}
