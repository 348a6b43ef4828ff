package org.meternet.simulator.bench;

/** Least-squares slope of a figure sampled once a minute, per hour (e.g. heap MB/hour). */
final class Slope {
    private Slope() {
    }

    /**
     * The slope of {@code values} over {@code minutes} (least squares), in units per hour; pairs with a NaN value are
     * left out. NaN when fewer than two points remain or they all fall on one minute.
     */
    static double perHour(double[] minutes, double[] values) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < minutes.length; i++) {
            if (!Double.isNaN(values[i])) {
                sx += minutes[i];
                sy += values[i];
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < minutes.length; i++) {
            if (!Double.isNaN(values[i])) {
                sxy += (minutes[i] - mx) * (values[i] - my);
                sxx += (minutes[i] - mx) * (minutes[i] - mx);
            }
        }
        return sxx == 0 ? Double.NaN : sxy / sxx * 60;
    }
}
