package org.meternet.reporting.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meternet.platform.reference.LocalAuthority;

/**
 * Take-up of every local authority at a date, ranked, and of every region. Premises counted under a
 * code the household data does not know (an authority abolished since, e.g. the Cumbria districts
 * in 2023) cannot be divided by households: they are reported apart, not dropped.
 */
public final class TakeUpRanking {
    public record Ranked(int rank, TakeUp takeUp) {
    }

    public record Region(String regionCode, String regionName, long premisesWithSmartMeter, long households, double share) {
        public double percent() {
            return TakeUp.percent(share);
        }
    }

    private final List<Ranked> ranked;
    private final List<Region> regions;
    private final Map<String, Long> unknownCodes;

    /** What was counted in one local authority: meters in service and the premises they are at. */
    public record Counted(long meters, long premises) {
    }

    public TakeUpRanking(Collection<LocalAuthority> authorities, Map<String, Counted> perAuthority) {
        List<TakeUp> all = new ArrayList<>();
        Map<String, long[]> perRegion = new LinkedHashMap<>();
        Map<String, String> regionNames = new LinkedHashMap<>();
        for (LocalAuthority la : authorities) {
            Counted counted = perAuthority.getOrDefault(la.code(), new Counted(0, 0));
            long premises = counted.premises();
            all.add(TakeUp.of(la.code(), la.name(), la.regionCode(), la.regionName(), counted.meters(), premises, la.households(),
                    la.householdsSource()));
            long[] sums = perRegion.computeIfAbsent(la.regionCode(), k -> new long[2]);
            sums[0] += premises;
            sums[1] += la.households();
            regionNames.put(la.regionCode(), la.regionName());
        }
        all.sort(Comparator.comparingDouble(TakeUp::share).reversed().thenComparing(TakeUp::localAuthorityCode));
        ranked = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ranked.add(new Ranked(i + 1, all.get(i)));
        }
        regions = new ArrayList<>();
        perRegion.forEach((code, s) -> regions.add(new Region(code, regionNames.get(code), s[0], s[1], (double) s[0] / s[1])));
        regions.sort(Comparator.comparingDouble(Region::share).reversed().thenComparing(Region::regionCode));
        unknownCodes = new LinkedHashMap<>();
        java.util.Set<String> known = new java.util.HashSet<>();
        authorities.forEach(la -> known.add(la.code()));
        perAuthority.forEach((code, n) -> {
            if (!known.contains(code)) {
                unknownCodes.put(code, n.premises());
            }
        });
    }

    /** Ranked by share of households, optionally within one region and above a share (0.25 = 1 in 4), the first n. */
    public List<Ranked> ranked(String regionCode, Double minShare, Integer top) {
        return ranked.stream()
                .filter(r -> regionCode == null || regionCode.equals(r.takeUp().regionCode()))
                .filter(r -> minShare == null || r.takeUp().share() >= minShare)
                .limit(top == null ? Long.MAX_VALUE : top)
                .toList();
    }

    public List<Region> regions() {
        return regions;
    }

    /** Premises under codes the household data does not have, by code. */
    public Map<String, Long> unknownCodes() {
        return unknownCodes;
    }
}
