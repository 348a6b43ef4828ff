package org.meternet.reporting.domain;

/** How many times larger one figure is than an earlier one ("13-fold growth in 2019"). */
public final class Growth {
    private Growth() {
    }

    /** now / before, rounded to two places; null when there was nothing before to compare with. */
    public static Double factor(long now, long before) {
        if (before <= 0) {
            return null;
        }
        return Math.round(now * 100.0 / before) / 100.0;
    }
}
