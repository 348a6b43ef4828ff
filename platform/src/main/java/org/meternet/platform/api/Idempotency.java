package org.meternet.platform.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import org.meternet.platform.problem.ProblemException;

/**
 * Idempotent creates (header {@code Idempotency-Key}): the key, the request's hash and the response
 * are stored in the transaction that creates, so a retry gets the first answer and creates nothing.
 * A concurrent retry waits on the key's row and then reads the committed answer. The table
 * {@code idempotency_key} is the service's own.
 */
public final class Idempotency {
    public static final String HEADER = "Idempotency-Key";

    private Idempotency() {
    }

    public record Stored(int status, String location, String body) {
    }

    public static Uni<Stored> once(Pool pool, String org, String key, String requestBody,
            Function<SqlConnection, Uni<Stored>> create) {
        if (key == null || key.isBlank()) {
            return pool.withTransaction(create);
        }
        if (key.length() > 200) {
            throw ProblemException.badRequest("INVALID_IDEMPOTENCY_KEY", HEADER, "Idempotency-Key is longer than 200 characters");
        }
        String hash = sha256(requestBody);
        return pool.withTransaction(conn -> conn
                .preparedQuery("insert into idempotency_key (org, key, request_hash) values ($1, $2, $3) on conflict do nothing")
                .execute(Tuple.of(org, key, hash))
                .chain(inserted -> {
                    if (inserted.rowCount() == 1) {
                        return create.apply(conn).call(stored -> conn
                                .preparedQuery("update idempotency_key set status = $3, location = $4, response = $5 "
                                        + "where org = $1 and key = $2")
                                .execute(Tuple.from(new Object[] {org, key, stored.status(), stored.location(), stored.body()})));
                    }
                    return conn.preparedQuery("select request_hash, status, location, response from idempotency_key "
                            + "where org = $1 and key = $2").execute(Tuple.of(org, key)).map(rows -> {
                                Row r = rows.iterator().next();
                                if (!hash.equals(r.getString("request_hash"))) {
                                    throw new ProblemException(422, "IDEMPOTENCY_KEY_REUSED", HEADER, "Idempotency-Key '" + key
                                            + "' was used before with a different request");
                                }
                                return new Stored(r.getInteger("status"), r.getString("location"), r.getString("response"));
                            });
                }));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
