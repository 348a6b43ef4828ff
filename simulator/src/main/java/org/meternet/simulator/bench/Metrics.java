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
     * The sum of the samples of {@code metric} whose labels contain {@code label} (e.g. {@code outcome="stored"}),
     * or every sample of it when {@code label} is null; 0 when there is none.
     */
    public static double sum(String body, String metric, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\}\\s+([0-9.eE+]+)").matcher(body);
        double total = 0;
        while (m.find()) {
            if (label == null || m.group(1).contains(label)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
