package org.meternet.reporting.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meternet.reporting.domain.RolloutCube.Cell;
import org.meternet.reporting.domain.RolloutCube.CellChange;
import org.meternet.reporting.domain.RolloutCube.Place;
import org.meternet.reporting.domain.RolloutCube.PremisesChange;

/**
 * What an event changed in the roll-out cube, as the difference between a premises' SMETS2 meters before and after
 * it: the same event applied twice, or out of order, changes nothing the second time.
 */
public final class RolloutChanges {
    /** A SMETS2 meter in service on the GB days [from, until); until is null while it is in service. */
    public record MeterSpan(String deviceId, Cell cell, LocalDate from, LocalDate until) {
        boolean empty() {
            return until != null && !until.isAfter(from);
        }
    }

    /** A run of days on which the premises had at least one SMETS2 meter in service; until null: still has. */
    record Coverage(Place place, LocalDate from, LocalDate until) {
    }

    private RolloutChanges() {
    }

    public static List<CellChange> cells(List<MeterSpan> before, List<MeterSpan> after) {
        Map<List<Object>, int[]> net = new LinkedHashMap<>();
        count(after, 1, net);
        count(before, -1, net);
        List<CellChange> out = new ArrayList<>();
        net.forEach((key, n) -> {
            if (n[0] != 0 || n[1] != 0) {
                out.add(new CellChange((LocalDate) key.get(0), (Cell) key.get(1), n[0], n[1]));
            }
        });
        return out;
    }

    public static List<PremisesChange> premises(List<MeterSpan> before, List<MeterSpan> after) {
        Map<List<Object>, Integer> net = new LinkedHashMap<>();
        for (Coverage c : coverage(after)) {
            mark(net, c, 1);
        }
        for (Coverage c : coverage(before)) {
            mark(net, c, -1);
        }
        List<PremisesChange> out = new ArrayList<>();
        net.forEach((key, n) -> {
            if (n != 0) {
                out.add(new PremisesChange((LocalDate) key.get(0), (Place) key.get(1), n));
            }
        });
        return out;
    }

    /**
     * The premises' covered runs of days. A run belongs to the place of the meter that began it (premises keep the
     * local authority their installation was made under); reporting-service's rebuild in SQL follows the same rule.
     */
    static List<Coverage> coverage(List<MeterSpan> meters) {
        List<MeterSpan> sorted = meters.stream().filter(m -> !m.empty())
                .sorted(Comparator.comparing(MeterSpan::from).thenComparing(MeterSpan::deviceId)).toList();
        List<Coverage> out = new ArrayList<>();
        Place place = null;
        LocalDate from = null;
        LocalDate until = null;
        boolean open = false;
        for (MeterSpan m : sorted) {
            boolean continues = open && (until == null || !m.from().isAfter(until));
            if (continues) {
                until = until == null || m.until() == null ? null : (m.until().isAfter(until) ? m.until() : until);
            } else {
                if (open) {
                    out.add(new Coverage(place, from, until));
                }
                place = new Place(m.cell().localAuthority(), m.cell().region());
                from = m.from();
                until = m.until();
                open = true;
            }
        }
        if (open) {
            out.add(new Coverage(place, from, until));
        }
        return out;
    }

    private static void count(List<MeterSpan> meters, int sign, Map<List<Object>, int[]> net) {
        for (MeterSpan m : meters) {
            net.computeIfAbsent(List.of(m.from(), m.cell()), k -> new int[2])[0] += sign;
            if (m.until() != null) {
                net.computeIfAbsent(List.of(m.until(), m.cell()), k -> new int[2])[1] += sign;
            }
        }
    }

    private static void mark(Map<List<Object>, Integer> net, Coverage c, int sign) {
        net.merge(List.of(c.from(), c.place()), sign, Integer::sum);
        if (c.until() != null) {
            net.merge(List.of(c.until(), c.place()), -sign, Integer::sum);
        }
    }
}
