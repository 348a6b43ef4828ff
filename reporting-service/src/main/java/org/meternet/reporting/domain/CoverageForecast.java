package org.meternet.reporting.domain;

import java.time.LocalDate;

/**
 * When a region would reach full coverage (every household with a smart meter) if premises kept
 * being added at the trailing rate: premises gained over the last window, per day.
 */
public record CoverageForecast(String regionCode, String regionName, long premisesWithSmartMeter, long households,
        double percent, double premisesPerDay, LocalDate fullCoverageOn) {

    public static CoverageForecast of(String regionCode, String regionName, long premisesNow, long premisesWindowAgo,
            long households, int windowDays, LocalDate asAt) {
        double perDay = (double) (premisesNow - premisesWindowAgo) / windowDays;
        long remaining = Math.max(0, households - premisesNow);
        LocalDate on = remaining == 0 ? asAt : perDay <= 0 ? null : asAt.plusDays((long) Math.ceil(remaining / perDay));
        return new CoverageForecast(regionCode, regionName, premisesNow, households,
                TakeUp.percent((double) premisesNow / households), Math.round(perDay * 10d) / 10d, on);
    }
}
