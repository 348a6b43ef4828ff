package org.meternet.reporting.domain;

/**
 * Take-up of smart metering in a local authority: premises with at least one commissioned SMETS2
 * meter over households. A dual-fuel home has two meters but is one household.
 */
public record TakeUp(String localAuthorityCode, String localAuthorityName, String regionCode, String regionName,
        long commissionedMeters, long premisesWithSmartMeter, long households, double share, String householdsSource) {

    public static TakeUp of(String code, String name, String regionCode, String regionName, long meters, long premises,
            long households, String householdsSource) {
        if (households <= 0) {
            throw new IllegalArgumentException("local authority " + code + " has no household count");
        }
        return new TakeUp(code, name, regionCode, regionName, meters, premises, households, (double) premises / households,
                householdsSource);
    }

    /** The share as a percentage rounded to two places, as an announcement would give it. */
    public double percent() {
        return percent(share);
    }

    /** A share (0..1) as a percentage rounded to two places: every report states shares this way. */
    public static double percent(double share) {
        return Math.round(share * 10_000d) / 100d;
    }
}
