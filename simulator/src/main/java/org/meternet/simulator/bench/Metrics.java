package org.meternet.simulator.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a figure out of a service's /q/metrics (Prometheus text format). */
public final class Metrics {
    private Metrics() {
    }

    /**
     * The metrics address of a service given its API address: the management interface listens on the API port plus
     * 1000 (8081 -> 9081, as bin/lib/common.sh has them).
     */
    public static java.net.URI of(String serviceUrl) {
        java.net.URI api = java.net.URI.create(serviceUrl);
        return java.net.URI.create(api.getScheme() + "://" + api.getHost() + ":" + (api.getPort() + 1000) + "/q/metrics");
    }

    /**
     * A service's metrics, read with a deadline: a service alive but deaf (out of memory, stuck) is named with where
     * its log is, instead of a benchmark waiting on it for ever.
     */
    public static String read(java.net.http.HttpClient http, String service, String serviceUrl) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(of(serviceUrl)).timeout(java.time.Duration.ofSeconds(10)).GET()
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IllegalStateException(service + " did not answer for its metrics within 10 s: it is stuck or out of "
                    + "memory (its log: var/log/" + service + ".log)", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(service + " does not answer at " + of(serviceUrl) + " (" + e.getMessage()
                    + "): it has stopped (its log: var/log/" + service + ".log)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of every sample of {@code metric}, with labels or without (e.g. {@code jvm_gc_live_data_size_bytes 1.2E7}); 0 when there is none. */
    public static double value(String body, String metric) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{[^}]*\\})?\\s+([0-9.eE+]+)").matcher(body);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    /**
     * The sum of the samples of {@code metric} whose labels contain {@code label} (e.g. {@code outcome="stored"}),
     * or every sample of it (with labels or none) when {@code label} is null; 0 when there is none.
     */
    public static double sum(String body, String metric, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{([^}]*)\\})?\\s+([0-9.eE+]+)").matcher(body);
        double total = 0;
        while (m.find()) {
            if (label == null || m.group(1) != null && m.group(1).contains(label)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
