package org.meternet.simulator.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples, every few seconds, each service's heap used and live set (its /q/metrics), each process's RSS and Pss
 * (/proc, by the pid in var/run), and messaging-service's count of readings committed (summed across its restarts);
 * gives the minute's means. A service that does not answer is left out of that sample, and named.
 */
final class SoakSampler {
    /** messaging-service's count of readings committed (IngestBench.STORED). */
    private final Map<String, String> services;
    private final Path run;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(2)).build();
    private final Map<String, List<double[]>> samples = new HashMap<>();
    private final Map<String, Long> pids = new HashMap<>();
    private final Cumulative committed = new Cumulative();
    private final Map<String, String> silent = new LinkedHashMap<>();

    /** @param services service name to API address (its metrics are on the API port + 1000); @param run var/run */
    SoakSampler(Map<String, String> services, Path run) {
        this.services = services;
        this.run = run;
    }

    void sample() {
        silent.clear();
        for (Map.Entry<String, String> s : services.entrySet()) {
            String name = s.getKey();
            long pid = ProcFs.pidOf(run.resolve(name + ".pid"));
            Long before = pids.put(name, pid);
            boolean restarted = before != null && before != pid;
            double heap = Double.NaN;
            double live = Double.NaN;
            try {
                String body = Metrics.read(http, name, s.getValue());
                heap = Metrics.sum(body, "jvm_memory_used_bytes", "area=\"heap\"") / 1_048_576;
                double liveBytes = Metrics.sum(body, "jvm_gc_live_data_size_bytes", null);
                live = liveBytes > 0 ? liveBytes / 1_048_576 : Double.NaN; // 0 until the first collection
                if (name.equals("messaging-service")) {
                    committed.observe(Metrics.sum(body, IngestBench.STORED, "outcome=\"stored\""), restarted);
                }
            } catch (IllegalStateException e) {
                silent.put(name, e.getMessage());
            }
            add(name, heap, live, ProcFs.rssMb(pid), ProcFs.pssMb(pid));
        }
        long broker = ProcFs.pidOf(run.resolve("platform-broker.pid"));
        add("broker", Double.NaN, Double.NaN, ProcFs.rssMb(broker), ProcFs.pssMb(broker));
    }

    private void add(String process, double heap, double live, double rss, double pss) {
        samples.computeIfAbsent(process, k -> new ArrayList<>()).add(new double[] {heap, live, rss, pss});
    }

    /** Services that did not answer for their metrics in the last sample, with why. */
    Map<String, String> silent() {
        return silent;
    }

    /** Readings committed by messaging-service since the first sample. */
    long committed() {
        return committed.total();
    }

    /** The minute's mean of each figure per process (NaN: never measured), and a new minute. */
    Map<String, SoakMinute.Memory> drain() {
        Map<String, SoakMinute.Memory> out = new LinkedHashMap<>();
        for (String p : SoakMinute.PROCESSES) {
            List<double[]> s = samples.getOrDefault(p, List.of());
            out.put(p, new SoakMinute.Memory(mean(s, 0), mean(s, 1), mean(s, 2), mean(s, 3)));
        }
        samples.clear();
        return out;
    }

    private static double mean(List<double[]> samples, int i) {
        return samples.stream().mapToDouble(s -> s[i]).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
