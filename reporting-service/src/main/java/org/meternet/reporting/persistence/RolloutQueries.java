package org.meternet.reporting.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Questions about the roll-out, answered from the commissioned_meter read model (SMETS2 meters only). */
@ApplicationScoped
public class RolloutQueries {
    /** The dimensions a roll-out can be broken down by, and their columns. */
    public static final Map<String, String> DIMENSIONS = Map.of("region", "region_code", "localAuthority", "local_authority_code",
            "supplier", "supplier_org", "fuel", "coalesce(fuel, 'unknown')", "deviceType", "device_type");

    private final Pool pool;

    public RolloutQueries(Pool pool) {
        this.pool = pool;
    }

    /** Narrows every question to one supplier, region or local authority; null means all. */
    public record Filter(String supplier, String region, String localAuthority) {
        /** The filter's condition, its three parameters numbered from {@code first}. */
        static String sql(int first) {
            return " and ($%1$d::text is null or supplier_org = $%1$d) and ($%2$d::text is null or region_code = $%2$d)"
                    .formatted(first, first + 1) + " and ($%1$d::text is null or local_authority_code = $%1$d)".formatted(first + 2);
        }

        /** Its condition after a first parameter (the instant): $2 to $4. */
        static final String SQL = sql(2);
    }

    public record Share(String key, long meters, long premises) {
    }

    public record Period(LocalDate start, long installs) {
    }

    public record Meter(String deviceId, Instant commissionedAt, String supplier, String localAuthorityCode, String regionCode) {
    }

    private static final String IN_SERVICE = " smets_version = 'SMETS2' and commissioned_at <= $1 "
            + "and (decommissioned_at is null or decommissioned_at > $1)";

    /** SMETS2 meters in service at the instant, and the premises they are at. */
    public Uni<Share> inService(Instant at, Filter f) {
        return pool.preparedQuery("select count(*), count(distinct premises_id) from commissioned_meter where" + IN_SERVICE + Filter.SQL)
                .execute(args(at, f))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Share("all", r.getLong(0), r.getLong(1));
                });
    }

    /** The same, broken down by one dimension (a key of DIMENSIONS), largest first. */
    public Uni<List<Share>> inServiceBy(String dimension, Instant at, Filter f) {
        String column = DIMENSIONS.get(dimension);
        return pool.preparedQuery("select " + column + " as key, count(*), count(distinct premises_id) from commissioned_meter where"
                + IN_SERVICE + Filter.SQL + " group by 1 order by 2 desc, 1")
                .execute(args(at, f))
                .map(rows -> {
                    List<Share> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Share(r.getString(0), r.getLong(1), r.getLong(2)));
                    }
                    return out;
                });
    }

    /** SMETS2 meters commissioned per week (Monday) or month in [from, to), GB calendar. */
    public Uni<List<Period>> installsPer(String unit, Instant from, Instant to, Filter f) {
        return pool.preparedQuery("select (date_trunc('" + ("week".equals(unit) ? "week" : "month")
                + "', commissioned_at at time zone 'Europe/London'))::date as period, count(*) from commissioned_meter "
                + "where smets_version = 'SMETS2' and commissioned_at < $1 and commissioned_at >= $5" + Filter.SQL
                + " group by 1 order by 1")
                .execute(Tuple.from(new Object[] {utc(to), f.supplier(), f.region(), f.localAuthority(), utc(from)}))
                .map(rows -> {
                    List<Period> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Period(r.getLocalDate(0), r.getLong(1)));
                    }
                    return out;
                });
    }

    /**
     * Per GB month in [from, to): meters decommissioned (of the filter) and changes of supplier (to or
     * from the filter's supplier, wherever the meter is: a change carries no place).
     */
    public Uni<List<Churn>> churnPerMonth(Instant from, Instant to, Filter f) {
        return pool.preparedQuery("""
                with months as (select generate_series(date_trunc('month', $5::timestamptz at time zone 'Europe/London'),
                                                       date_trunc('month', $1::timestamptz at time zone 'Europe/London'),
                                                       interval '1 month')::date as month),
                     gone as (select date_trunc('month', decommissioned_at at time zone 'Europe/London')::date as month, count(*) as n
                              from commissioned_meter where decommissioned_at >= $5 and decommissioned_at < $1
                                and smets_version = 'SMETS2'""" + Filter.SQL + """
                              group by 1),
                     changed as (select date_trunc('month', effective_from at time zone 'Europe/London')::date as month, count(*) as n
                                 from supplier_change where effective_from >= $5 and effective_from < $1
                                   and ($2::text is null or losing_supplier = $2 or gaining_supplier = $2)
                                 group by 1)
                select m.month, coalesce(g.n, 0), coalesce(c.n, 0) from months m
                left join gone g on g.month = m.month left join changed c on c.month = m.month order by 1""")
                .execute(Tuple.from(new Object[] {utc(to), f.supplier(), f.region(), f.localAuthority(), utc(from)}))
                .map(rows -> {
                    List<Churn> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Churn(r.getLocalDate(0), r.getLong(1), r.getLong(2)));
                    }
                    return out;
                });
    }

    public record Churn(LocalDate month, long decommissioned, long supplierChanges) {
    }

    /** SMETS2 meters in service and their premises, per local authority (the one each installation was made under). */
    public Uni<Map<String, Share>> perLocalAuthority(Instant at) {
        return pool.preparedQuery("select local_authority_code, count(*), count(distinct premises_id) from commissioned_meter where"
                + IN_SERVICE + " group by 1")
                .execute(Tuple.of(utc(at)))
                .map(rows -> {
                    Map<String, Share> out = new java.util.HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString(0), new Share(r.getString(0), r.getLong(1), r.getLong(2)));
                    }
                    return out;
                });
    }

    /** SMETS2 meters ever commissioned (the milestones count installations, later removals included). */
    public Uni<Long> everCommissioned(Filter f) {
        return pool.preparedQuery("select count(*) from commissioned_meter where smets_version = 'SMETS2'" + Filter.sql(1))
                .execute(Tuple.of(f.supplier(), f.region(), f.localAuthority())).map(rows -> rows.iterator().next().getLong(0));
    }

    /** SMETS2 meters commissioned by the instant, later removals included (what milestones count). */
    public Uni<Long> everCommissionedBy(Instant at) {
        return pool.preparedQuery("select count(*) from commissioned_meter where smets_version = 'SMETS2' and commissioned_at <= $1")
                .execute(Tuple.of(utc(at))).map(rows -> rows.iterator().next().getLong(0));
    }

    /** The n-th SMETS2 meter commissioned (1-based), in commissioning order. */
    public Uni<Meter> nth(long n, Filter f) {
        return pool.preparedQuery("select device_id, commissioned_at, supplier_org, local_authority_code, region_code "
                + "from commissioned_meter where smets_version = 'SMETS2'" + Filter.sql(1)
                + " order by commissioned_at, device_id offset $4 limit 1")
                .execute(Tuple.of(f.supplier(), f.region(), f.localAuthority(), n - 1))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Meter(r.getString(0), r.getOffsetDateTime(1).toInstant(), r.getString(2), r.getString(3),
                            r.getString(4));
                });
    }

    private static Tuple args(Instant at, Filter f) {
        return Tuple.of(utc(at), f.supplier(), f.region(), f.localAuthority());
    }

    private static java.time.OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
