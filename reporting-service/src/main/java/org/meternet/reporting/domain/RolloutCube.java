package org.meternet.reporting.domain;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The roll-out of SMETS2 meters as day-by-day counts per cell (local authority, supplier, device type) and premises
 * covered per local authority: every roll-out and take-up question at a GB date is a sum over a few thousand running
 * totals, whatever the number of meters.
 */
public final class RolloutCube {
    /** Meters alike for every report: where they were installed, by whom, of which type. */
    public record Cell(String localAuthority, String region, String supplier, String deviceType, String fuel) {
    }

    /** A local authority (as the installation was made under) and its region. */
    public record Place(String localAuthority, String region) {
    }

    /** On a day, meters of a cell commissioned and decommissioned (negative to take a count back). */
    public record CellChange(LocalDate day, Cell cell, int installs, int removals) {
    }

    /** On a day, premises of a place gaining (+) or losing (-) their SMETS2 coverage. */
    public record PremisesChange(LocalDate day, Place place, int premises) {
    }

    /** Narrows a question to one supplier, region or local authority; null means all. */
    public record Filter(String supplier, String region, String localAuthority) {
        public static final Filter ALL = new Filter(null, null, null);

        public boolean all() {
            return supplier == null && region == null && localAuthority == null;
        }

        public boolean matches(Cell c) {
            return (supplier == null || supplier.equals(c.supplier())) && (region == null || region.equals(c.region()))
                    && (localAuthority == null || localAuthority.equals(c.localAuthority()));
        }

        public boolean matches(Place p) {
            return (region == null || region.equals(p.region())) && (localAuthority == null || localAuthority.equals(p.localAuthority()));
        }
    }

    /** The day the n-th meter was commissioned, and how many were commissioned before that day. */
    public record NthDay(LocalDate day, long before) {
    }

    private static final class Counts {
        final DaySeries installs = new DaySeries();
        final DaySeries removals = new DaySeries();

        long inService(int day) {
            return installs.upTo(day) - removals.upTo(day);
        }
    }

    private final Map<Cell, Counts> cells = new LinkedHashMap<>();
    // every cell summed, and the cells of each supplier, region and authority: a question filtered on at most one of
    // them reads one series instead of hundreds scattered in memory
    private Counts total = new Counts();
    private final Map<String, Counts> bySupplier = new HashMap<>();
    private final Map<String, Counts> byRegion = new HashMap<>();
    private final Map<String, Counts> byAuthority = new HashMap<>();
    private final Map<Place, DaySeries> premises = new LinkedHashMap<>();

    public synchronized void apply(CellChange c) {
        Counts counts = cells.computeIfAbsent(c.cell(), k -> new Counts());
        int day = (int) c.day().toEpochDay();
        counts.installs.add(day, c.installs());
        counts.removals.add(day, c.removals());
        for (Counts rollup : List.of(total, bySupplier.computeIfAbsent(c.cell().supplier(), k -> new Counts()),
                byRegion.computeIfAbsent(c.cell().region(), k -> new Counts()),
                byAuthority.computeIfAbsent(c.cell().localAuthority(), k -> new Counts()))) {
            rollup.installs.add(day, c.installs());
            rollup.removals.add(day, c.removals());
        }
    }

    public synchronized void apply(PremisesChange c) {
        premises.computeIfAbsent(c.place(), k -> new DaySeries()).add((int) c.day().toEpochDay(), c.premises());
    }

    public synchronized void clear() {
        cells.clear();
        premises.clear();
        total = new Counts();
        bySupplier.clear();
        byRegion.clear();
        byAuthority.clear();
    }

    /** Meters of the matching cells in service at the end of the day. */
    public synchronized long inService(LocalDate at, Filter filter) {
        int day = (int) at.toEpochDay();
        Counts rollup = rollup(filter);
        if (rollup != null) {
            return rollup.inService(day);
        }
        long n = 0;
        for (Map.Entry<Cell, Counts> e : cells.entrySet()) {
            if (filter.matches(e.getKey())) {
                n += e.getValue().inService(day);
            }
        }
        return n;
    }

    /** The same, summed per key (cells whose count is zero left out). */
    public synchronized Map<String, Long> inServiceBy(Function<Cell, String> key, LocalDate at, Filter filter) {
        int day = (int) at.toEpochDay();
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<Cell, Counts> e : cells.entrySet()) {
            if (filter.matches(e.getKey())) {
                long n = e.getValue().inService(day);
                if (n != 0) {
                    out.merge(key.apply(e.getKey()), n, Long::sum);
                }
            }
        }
        return out;
    }

    /** Meters commissioned on the days [from, to). */
    public synchronized long installs(LocalDate from, LocalDate to, Filter filter) {
        return sum(from, to, filter, true);
    }

    /** Meters decommissioned on the days [from, to). */
    public synchronized long removals(LocalDate from, LocalDate to, Filter filter) {
        return sum(from, to, filter, false);
    }

    /** Meters commissioned by the end of the day, later removals included (what milestones count). */
    public synchronized long commissionedBy(LocalDate at, Filter filter) {
        return commissionedBy((int) at.toEpochDay(), filter);
    }

    /** Every meter commissioned so far. */
    public synchronized long commissioned(Filter filter) {
        return commissionedBy(Integer.MAX_VALUE, filter);
    }

    /** The day of the n-th (1-based) meter commissioned, or null when fewer were. */
    public synchronized NthDay dayOfNth(long n, Filter filter) {
        int low = Integer.MAX_VALUE;
        int high = Integer.MIN_VALUE;
        for (Counts c : cells.values()) {
            low = Math.min(low, c.installs.firstDay());
            high = Math.max(high, c.installs.lastDayHeld());
        }
        if (low > high || commissionedBy(high, filter) < n) {
            return null;
        }
        while (low < high) { // the first day by which n were commissioned
            int mid = low + (high - low) / 2;
            if (commissionedBy(mid, filter) >= n) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return new NthDay(LocalDate.ofEpochDay(low), commissionedBy(low - 1, filter));
    }

    /** Premises with a SMETS2 meter in service at the end of the day, per place. */
    public synchronized Map<Place, Long> premises(LocalDate at) {
        int day = (int) at.toEpochDay();
        Map<Place, Long> out = new HashMap<>();
        premises.forEach((place, series) -> {
            long n = series.upTo(day);
            if (n != 0) {
                out.put(place, n);
            }
        });
        return out;
    }

    /** The one series that answers the filter, or null when it narrows on more than one dimension. */
    private Counts rollup(Filter f) {
        int narrowed = (f.supplier() == null ? 0 : 1) + (f.region() == null ? 0 : 1) + (f.localAuthority() == null ? 0 : 1);
        if (narrowed == 0) {
            return total;
        }
        if (narrowed > 1) {
            return null;
        }
        Counts c = f.supplier() != null ? bySupplier.get(f.supplier()) : f.region() != null ? byRegion.get(f.region())
                : byAuthority.get(f.localAuthority());
        return c == null ? EMPTY : c;
    }

    private static final Counts EMPTY = new Counts();

    private long commissionedBy(int day, Filter filter) {
        Counts rollup = rollup(filter);
        if (rollup != null) {
            return rollup.installs.upTo(day);
        }
        long n = 0;
        for (Map.Entry<Cell, Counts> e : cells.entrySet()) {
            if (filter.matches(e.getKey())) {
                n += e.getValue().installs.upTo(day);
            }
        }
        return n;
    }

    private long sum(LocalDate from, LocalDate to, Filter filter, boolean installs) {
        int first = (int) from.toEpochDay();
        int end = (int) to.toEpochDay();
        Counts rollup = rollup(filter);
        if (rollup != null) {
            return (installs ? rollup.installs : rollup.removals).between(first, end);
        }
        long n = 0;
        for (Map.Entry<Cell, Counts> e : cells.entrySet()) {
            if (filter.matches(e.getKey())) {
                n += (installs ? e.getValue().installs : e.getValue().removals).between(first, end);
            }
        }
        return n;
    }
}
