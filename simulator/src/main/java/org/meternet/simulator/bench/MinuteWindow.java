package org.meternet.simulator.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one load stream did since the last {@link #drain()}: successes with their latencies, and errors. Thread-safe. */
final class MinuteWindow {
    private long done;
    private long errors;
    private List<Double> latencies = new ArrayList<>();
    private long total;
    private final Map<String, Long> byKind = new HashMap<>();

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

    /** An error, counted by its kind too (for the whole run). */
    synchronized void error(String why) {
        errors++;
        byKind.merge(why, 1L, Long::sum);
    }

    /** The errors of the whole run by kind, the most frequent first, e.g. "HTTP 202: 12, timeout (10 s): 3". */
    synchronized String errorsByKind() {
        return byKind.isEmpty() ? "none" : byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + ": " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
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
