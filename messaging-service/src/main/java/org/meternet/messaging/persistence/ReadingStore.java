package org.meternet.messaging.persistence;

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
import org.meternet.platform.hub.ReadingMessage;

/** Readings, stored once per device and messageId, and the dead letters beside them. */
@ApplicationScoped
public class ReadingStore {
    private final Pool pool;

    public ReadingStore(Pool pool) {
        this.pool = pool;
    }

    public record StoredReading(String deviceId, String messageId, Instant deviceTime, Long importWh, Long exportWh,
            Double gasM3, Instant receivedAt) {
    }

    /** A reading ready to store: the hub it came through and the message, device id canonical. */
    public record Accepted(String chfId, ReadingMessage message) {
    }

    /** Stores a batch with one statement; rows already stored (redeliveries, retries) are skipped. */
    public Uni<Integer> storeAll(SqlClient tx, java.util.List<Accepted> readings) {
        if (readings.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = readings.size();
        String[] device = new String[n];
        String[] message = new String[n];
        String[] chf = new String[n];
        java.time.OffsetDateTime[] time = new java.time.OffsetDateTime[n];
        Long[] importWh = new Long[n];
        Long[] exportWh = new Long[n];
        Double[] gas = new Double[n];
        for (int i = 0; i < n; i++) {
            ReadingMessage m = readings.get(i).message();
            device[i] = m.deviceId();
            message[i] = m.messageId();
            chf[i] = readings.get(i).chfId();
            time[i] = m.deviceTime().atOffset(ZoneOffset.UTC);
            importWh[i] = m.importWh();
            exportWh[i] = m.exportWh();
            gas[i] = m.gasM3();
        }
        return tx.preparedQuery("insert into reading (device_id, message_id, chf_id, device_time, import_wh, export_wh, gas_m3) "
                + "select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::bigint[], "
                + "$7::float8[]) on conflict do nothing")
                .execute(Tuple.from(new Object[] {device, message, chf, time, importWh, exportWh, gas}))
                .map(rs -> rs.rowCount());
    }

    public record DeadLetter(String topic, byte[] payload, String code, String reason) {
    }

    public Uni<Void> deadLetterAll(SqlClient tx, java.util.List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("insert into dead_letter (topic, payload, code, reason) "
                + "select * from unnest($1::text[], $2::bytea[], $3::text[], $4::text[])")
                .execute(Tuple.of(letters.stream().map(DeadLetter::topic).toArray(String[]::new),
                        letters.stream().map(l -> io.vertx.core.buffer.Buffer.buffer(l.payload()))
                                .toArray(io.vertx.core.buffer.Buffer[]::new),
                        letters.stream().map(DeadLetter::code).toArray(String[]::new),
                        letters.stream().map(DeadLetter::reason).toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<List<StoredReading>> readings(String deviceId, Instant from, Instant to, int limit) {
        return pool.preparedQuery("select device_id, message_id, device_time, import_wh, export_wh, gas_m3, received_at "
                + "from reading where device_id = $1 and device_time >= $2 and device_time < $3 order by device_time limit $4")
                .execute(Tuple.of(deviceId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<StoredReading> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StoredReading(r.getString("device_id"), r.getString("message_id"),
                                r.getOffsetDateTime("device_time").toInstant(), r.getLong("import_wh"), r.getLong("export_wh"),
                                r.getDouble("gas_m3"), r.getOffsetDateTime("received_at").toInstant()));
                    }
                    return out;
                });
    }
}
