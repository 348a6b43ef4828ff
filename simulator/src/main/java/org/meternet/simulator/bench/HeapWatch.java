package org.meternet.simulator.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meternet.simulator.OwnInstances;

/**
 * Samples services' heaps from their metrics while they run (and the broker's resident memory): heap used (which under
 * ZGC includes garbage not yet collected) and the live set the last collection left ({@code jvm_gc_live_data_size_bytes}).
 * A service restarted under the same management port is followed; a sample it does not answer within 5 s, once it has
 * answered since it started, is counted as missed.
 */
public final class HeapWatch implements AutoCloseable {
    /** The largest figures seen for one service. */
    public static final class Peak {
        private volatile double heapUsed;
        private volatile double liveData;
        private volatile double heapMax;
        private volatile long samples;
        private volatile long missed;
        private volatile long answeredPid = -1;

        public double heapUsedMb() {
            return heapUsed / 1_048_576;
        }

        public double liveDataMb() {
            return liveData / 1_048_576;
        }

        /** The heap's limit as the JVM reports it (its -Xmx). */
        public double heapMaxMb() {
            return heapMax / 1_048_576;
        }

        public long samples() {
            return samples;
        }

        public long missed() {
            return missed;
        }

        @Override
        public String toString() {
            return String.format("heap used max %.0f MB, live set max %.0f MB, limit %.0f MB (%d samples, %d missed)",
                    heapUsedMb(), liveDataMb(), heapMaxMb(), samples, missed);
        }
    }

    private final Map<OwnInstances.Service, Peak> peaks = new LinkedHashMap<>();
    private final OwnInstances own;
    private final Thread sampler;
    private volatile boolean stopped;
    private volatile long brokerRssMax;

    public HeapWatch(OwnInstances own, List<OwnInstances.Service> services, Duration every) {
        this.own = own;
        services.forEach(s -> peaks.put(s, new Peak()));
        sampler = new Thread(() -> {
            while (!stopped) {
                sampleOnce();
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    public Peak peak(OwnInstances.Service service) {
        return peaks.get(service);
    }

    public double brokerRssMaxMb() {
        return brokerRssMax / 1_048_576.0;
    }

    /** Also samples the broker's memory now (e.g. while nothing else is watched). */
    public void sampleBroker() {
        brokerRssMax = Math.max(brokerRssMax, own.brokerRssBytes());
    }

    private void sampleOnce() {
        sampleBroker();
        peaks.forEach((service, peak) -> {
            if (!service.alive()) {
                return; // killed on purpose, or restarting: nothing to ask
            }
            String body = service.metrics(Duration.ofSeconds(5));
            if (body == null) {
                if (peak.answeredPid == service.pid()) {
                    peak.missed++; // it answered before: now too busy to (not merely still starting)
                }
                return;
            }
            peak.answeredPid = service.pid();
            peak.samples++;
            peak.heapUsed = Math.max(peak.heapUsed, Metrics.sum(body, "jvm_memory_used_bytes", "area=\"heap\""));
            peak.heapMax = Math.max(peak.heapMax, Metrics.sum(body, "jvm_memory_max_bytes", "area=\"heap\""));
            peak.liveData = Math.max(peak.liveData, Metrics.value(body, "jvm_gc_live_data_size_bytes"));
        });
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
        try {
            sampler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
