package org.meternet.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** The device alerts the gateway keeps for organisations to read, each with the organisations entitled to it. */
@Singleton
public class UserAlerts {
    /** An alert as it is delivered: its id (to resume after) and the alert.raised payload. */
    public record Alert(long id, String json) {
    }

    private final Pool pool;

    public UserAlerts(Pool pool) {
        this.pool = pool;
    }

    /** The id of the newest alert, 0 when there is none: a stream that starts now starts after it. */
    public Uni<Long> newest() {
        return pool.query("select coalesce(max(id), 0) from user_alert").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** The alerts after an id that an organisation is entitled to (every alert for a null organisation), oldest first. */
    public Uni<List<Alert>> since(String org, long after) {
        return pool.preparedQuery("select id, data::text from user_alert where id > $1 and ($2::text is null or $2 = any(entitled_orgs)) "
                + "order by id limit 500")
                .execute(Tuple.of(after, org))
                .map(rows -> {
                    List<Alert> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Alert(r.getLong(0), r.getString(1)));
                    }
                    return out;
                });
    }
}
