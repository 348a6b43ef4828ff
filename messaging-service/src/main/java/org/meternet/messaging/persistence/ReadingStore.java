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

    /** Inserts the reading unless it is already stored; true when it was new. */
    public Uni<Boolean> store(SqlClient tx, String chfId, ReadingMessage m) {
        return tx.preparedQuery("insert into reading (device_id, message_id, chf_id, device_time, import_wh, export_wh, gas_m3) "
                + "values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing")
                .execute(Tuple.from(new Object[] {m.deviceId(), m.messageId(), chfId,
                        m.deviceTime().atOffset(ZoneOffset.UTC), m.importWh(), m.exportWh(), m.gasM3()}))
                .map(rs -> rs.rowCount() == 1);
    }

    public Uni<Void> deadLetter(SqlClient tx, String topic, byte[] payload, String code, String reason) {
        return tx.preparedQuery("insert into dead_letter (topic, payload, code, reason) values ($1, $2, $3, $4)")
                .execute(Tuple.of(topic, io.vertx.core.buffer.Buffer.buffer(payload), code, reason))
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
