package org.meternet.reporting.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.meternet.reporting.domain.Geography;
import org.meternet.reporting.domain.RolloutCube;
import org.meternet.reporting.domain.RolloutCube.Cell;
import org.meternet.reporting.domain.RolloutCube.Filter;

/**
 * Questions about the roll-out of SMETS2 meters at the end of GB days, answered from the roll-out cube; the meter
 * itself (a milestone) from commissioned_meter.
 */
@ApplicationScoped
public class RolloutQueries {
    /** The dimensions a roll-out can be broken down by. */
    public static final Map<String, Function<Cell, String>> DIMENSIONS = Map.of("region", Cell::region,
            "localAuthority", Cell::localAuthority, "supplier", Cell::supplier, "fuel", Cell::fuel, "deviceType", Cell::deviceType);

    private final Pool pool;
    private final RolloutCubeReader cube;
    private final Geography geography;

    public RolloutQueries(Pool pool, RolloutCubeReader cube, Geography geography) {
        this.pool = pool;
        this.cube = cube;
        this.geography = geography;
    }

    /** Meters and, where they add up (a place, any supplier), premises; premises is null otherwise. */
    public record Share(String key, long meters, Long premises) {
    }

    public record Period(LocalDate start, long installs) {
    }

    public record Churn(LocalDate month, long decommissioned, long supplierChanges) {
    }

    public record Meter(String deviceId, Instant commissionedAt, String supplier, String localAuthorityCode, String regionCode) {
    }

    /** The roll-out cube with every change committed so far: ask it once per report. */
    public Uni<RolloutCube> cube() {
        return cube.current();
    }

    /** SMETS2 meters in service at the end of the day, and the premises they are at. */
    public Share inService(RolloutCube c, LocalDate day, Filter f) {
        return new Share("all", c.inService(day, f), f.supplier() != null ? null
                : c.premises(day).entrySet().stream().filter(e -> f.matches(e.getKey())).mapToLong(Map.Entry::getValue).sum());
    }

    /**
     * The same, broken down by one dimension (a key of DIMENSIONS), largest first; by local authority, the authorities
     * valid at the date.
     */
    public List<Share> inServiceBy(RolloutCube c, String dimension, LocalDate day, Filter f) {
        boolean authorities = "localAuthority".equals(dimension);
        Map<String, Long> meters = c.inServiceBy(authorities ? cell -> geography.codeAt(cell.localAuthority(), day)
                : DIMENSIONS.get(dimension), day, f);
        Map<String, Long> premises = new HashMap<>();
        boolean place = f.supplier() == null && ("region".equals(dimension) || "localAuthority".equals(dimension));
        if (place) {
            c.premises(day).forEach((p, n) -> {
                if (f.matches(p)) {
                    premises.merge(authorities ? geography.codeAt(p.localAuthority(), day) : p.region(), n, Long::sum);
                }
            });
        }
        return meters.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Share(e.getKey(), e.getValue(), place ? premises.getOrDefault(e.getKey(), 0L) : null)).toList();
    }

    /** SMETS2 meters commissioned per week (from Monday) or month in the GB days [from, to], periods with installs only. */
    public List<Period> installsPer(RolloutCube c, String unit, LocalDate from, LocalDate to, Filter f) {
        List<Period> out = new ArrayList<>();
        for (LocalDate start : periods(unit, from, to)) {
            LocalDate next = "week".equals(unit) ? start.plusWeeks(1) : start.plusMonths(1);
            long n = c.installs(start.isBefore(from) ? from : start, next.isAfter(to) ? to.plusDays(1) : next, f);
            if (n != 0) {
                out.add(new Period(start, n));
            }
        }
        return out;
    }

    /**
     * Per GB month of [from, to]: meters decommissioned (of the filter) and changes of supplier (to or from the
     * filter's supplier, wherever the meter is: a change carries no place).
     */
    public Uni<List<Churn>> churnPerMonth(RolloutCube c, LocalDate from, LocalDate to, Filter f) {
        return pool.preparedQuery("select date_trunc('month', day)::date, sum(changes) from supplier_change_day "
                + "where day >= $1 and day <= $2 and ($3::text is null or losing_supplier = $3 or gaining_supplier = $3) group by 1")
                .execute(Tuple.of(from, to, f.supplier()))
                .map(rows -> {
                    Map<LocalDate, Long> changes = new HashMap<>();
                    for (Row r : rows) {
                        changes.put(r.getLocalDate(0), r.getLong(1));
                    }
                    return periods("month", from, to).stream().map(month -> new Churn(month,
                            c.removals(month.isBefore(from) ? from : month, month.plusMonths(1).isAfter(to) ? to.plusDays(1)
                                    : month.plusMonths(1), f), changes.getOrDefault(month, 0L))).toList();
                });
    }

    /** SMETS2 meters in service and their premises, per local authority (the one each installation was made under). */
    public Map<String, Share> perLocalAuthority(RolloutCube c, LocalDate day) {
        Map<String, Long> meters = c.inServiceBy(Cell::localAuthority, day, Filter.ALL);
        Map<String, Long> premises = new HashMap<>();
        c.premises(day).forEach((p, n) -> premises.merge(p.localAuthority(), n, Long::sum));
        Map<String, Share> out = new HashMap<>();
        meters.forEach((la, n) -> out.put(la, new Share(la, n, premises.getOrDefault(la, 0L))));
        premises.forEach((la, n) -> out.putIfAbsent(la, new Share(la, 0, n)));
        return out;
    }

    /** SMETS2 meters ever commissioned (the milestones count installations, later removals included). */
    public long everCommissioned(RolloutCube c, Filter f) {
        return c.commissioned(f);
    }

    /** SMETS2 meters commissioned by the end of the day, later removals included (what milestones count). */
    public long everCommissionedBy(RolloutCube c, LocalDate day) {
        return c.commissionedBy(day, Filter.ALL);
    }

    /** The n-th SMETS2 meter commissioned (1-based), in commissioning order: its day from the cube, then the meter. */
    public Uni<Meter> nth(RolloutCube c, long n, Filter f) {
        RolloutCube.NthDay day = c.dayOfNth(n, f);
        if (day == null) {
            return Uni.createFrom().nullItem();
        }
        // only the filters given, so that the unfiltered question is an index-only scan of the day
        List<Object> args = new ArrayList<>(List.of(startOf(day.day()), startOf(day.day().plusDays(1)), n - day.before() - 1));
        StringBuilder where = new StringBuilder();
        for (String[] column : new String[][] {{"supplier_org", f.supplier()}, {"region_code", f.region()},
                {"local_authority_code", f.localAuthority()}}) {
            if (column[1] != null) {
                args.add(column[1]);
                where.append(" and ").append(column[0]).append(" = $").append(args.size());
            }
        }
        return pool.preparedQuery("select m.device_id, m.commissioned_at, m.supplier_org, m.local_authority_code, m.region_code "
                + "from commissioned_meter m join (select device_id from commissioned_meter where smets_version = 'SMETS2' "
                + "and commissioned_at >= $1 and commissioned_at < $2" + where + " order by commissioned_at, device_id "
                + "offset $3 limit 1) nth using (device_id)")
                .execute(Tuple.from(args))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Meter(r.getString(0), r.getOffsetDateTime(1).toInstant(), r.getString(2), r.getString(3),
                            r.getString(4));
                });
    }

    /** The starts of the weeks (Mondays) or months that [from, to] touches. */
    private static List<LocalDate> periods(String unit, LocalDate from, LocalDate to) {
        List<LocalDate> out = new ArrayList<>();
        boolean weeks = "week".equals(unit);
        for (LocalDate d = weeks ? from.with(DayOfWeek.MONDAY) : from.withDayOfMonth(1); !d.isAfter(to);
                d = weeks ? d.plusWeeks(1) : d.plusMonths(1)) {
            out.add(d);
        }
        return out;
    }

    private static java.time.OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(java.time.ZoneId.of("Europe/London")).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }
}
