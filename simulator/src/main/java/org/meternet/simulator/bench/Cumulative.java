package org.meternet.simulator.bench;

/**
 * A counter read from a process that may restart (a service's metrics, the broker's $SYS): the total of what it
 * counted across its lives. A reading below the last one means the process started again from zero.
 */
final class Cumulative {
    private double last = Double.NaN;
    private double total;

    /** A reading of the counter; {@code restarted} says the process is known to have started again since the last one. */
    synchronized void observe(double value, boolean restarted) {
        if (Double.isNaN(value)) {
            return;
        }
        if (Double.isNaN(last)) {
            last = value; // the first reading is the baseline: what came before the soak is not counted
            return;
        }
        total += restarted || value < last ? value : value - last;
        last = value;
    }

    void observe(double value) {
        observe(value, false);
    }

    synchronized long total() {
        return Math.round(total);
    }
}
