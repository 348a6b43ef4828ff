package org.meternet.simulator.bench;

import java.util.ArrayList;
import java.util.List;

/** What one load stream did since the last {@link #drain()}: successes with their latencies, and errors. Thread-safe. */
final class MinuteWindow {
    private long done;
    private long errors;
    private List<Double> latencies = new ArrayList<>();
    private long total;

    /** A success without a latency (counted only). */
    synchronized void done() {
        done++;
        total++;
    }

    synchronized void done(double latencyMs) {
        done++;
        total++;
        latencies.add(latencyMs);
    }

    /** A latency only, of a success counted elsewhere (a sampled reading). */
    synchronized void latency(double latencyMs) {
        latencies.add(latencyMs);
    }

    synchronized void error() {
        errors++;
    }

    /** Successes since the start, for the stall watch. */
    synchronized long total() {
        return total;
    }

    /** The window's figures, and a new window. */
    synchronized SoakMinute.Stream drain() {
        double[] ms = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        SoakMinute.Stream s = new SoakMinute.Stream(done, errors, Stats.percentile(ms, 50), Stats.percentile(ms, 99));
        done = 0;
        errors = 0;
        latencies = new ArrayList<>();
        return s;
    }
}
