package org.meternet.simulator.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.meternet.simulator.OwnInstances;
import org.meternet.simulator.load.Backlog;

/**
 * {@code bench backlog}: what two consumers do with a backlog on small heaps (issue 15), on a broker, a PostgreSQL
 * cluster and services of its own ({@link Backlog}), so that it runs beside anything and leaves nothing behind.
 * installation-service commissions 500,000 devices (250,000 homes, bulk API) while messaging-service and meter-gateway
 * are down, and 1,000,000 register reads queue at QoS 1 for messaging-service's telemetry session; then both start with
 * a 256 MB heap (ZGC) and drain it. Measured: drain rates (from the rows' own commit times), each service's heap used
 * and live set throughout (metrics every second, and ZGC's log of every collection), the broker's resident memory; then
 * every acknowledged reading and every event is checked: stored or applied exactly once.
 */
public final class BacklogBench {
    static final Backlog.Scale FULL = new Backlog.Scale(5_000, 250_000, 1_000_000, 25_000);
    static final Backlog.Scale QUICK = new Backlog.Scale(500, 10_000, 100_000, 5_000);

    private final Path root;
    private final String keycloakUrl;
    private final Path logs;
    private final boolean quick;

    public BacklogBench(Path root, String keycloakUrl, Path logs, boolean quick) {
        this.root = root;
        this.keycloakUrl = keycloakUrl;
        this.logs = logs;
        this.quick = quick;
    }

    public int run() throws Exception {
        Backlog.Scale scale = quick ? QUICK : FULL;
        Duration limit = quick ? Duration.ofMinutes(5) : Duration.ofMinutes(30);
        System.out.println("bench backlog" + (quick ? " (quick)" : ""));
        System.out.println("  machine: " + Machine.here());
        System.out.printf("  setup: a broker (the platform's configuration) and a PostgreSQL cluster of this bench's own; installation-service,%n"
                + "         messaging-service and meter-gateway as processes on them; %,d homes (hub + meter) commissioned and known to both;%n"
                + "         messaging-service and meter-gateway stop (persistent sessions stay); %,d devices commissioned (bulk API,%n"
                + "         %,d homes a request) and %,d register reads published at QoS 1 meanwhile; then both start with %s%n",
                scale.seedHomes(), scale.newDevices(), scale.homesPerRequest(), scale.readings(), String.join(" ", Backlog.SMALL_HEAP));
        System.out.printf("  logs: %s/backlog-bench-*.log%n", logs);
        try (Backlog backlog = new Backlog(scale, root, keycloakUrl, logs, "backlog-bench", Duration.ofSeconds(quick ? 1 : 2),
                Duration.ofSeconds(quick ? 5 : 10))) {
            backlog.setUp();
            System.out.printf("  %,d seed homes known to both projections; queueing with the consumers down%n", scale.seedHomes());
            Backlog.Queued queued = backlog.queueWhileConsumersDown(limit);
            System.out.printf("  queued in %.0f s: %,d events (%,.0f devices/s commissioned and published), %,d readings (%,.0f/s "
                    + "acknowledged); broker RSS %.0f MB%n", queued.seconds(), queued.events(), queued.eventsPerSecond(), queued.readings(),
                    queued.readingsPerSecond(), queued.brokerRssMb());
            long started = System.nanoTime();
            backlog.startConsumers();
            double startup = (System.nanoTime() - started) / 1e9;
            System.out.printf("  messaging-service and meter-gateway ready %.0f s after their launch; draining%n", startup);
            Map<String, Double> took = backlog.awaitDrained(limit);
            double drained = took.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) + startup;
            Backlog.Verification v = backlog.verify();
            HeapWatch.Peak messagingHeap = backlog.heaps().peak(backlog.messaging());
            HeapWatch.Peak gatewayHeap = backlog.heaps().peak(backlog.gateway());
            GcLog.Summary messagingGc = backlog.gc(backlog.messaging());
            GcLog.Summary gatewayGc = backlog.gc(backlog.gateway());
            double brokerRss = Math.max(queued.brokerRssMb(), backlog.heaps().brokerRssMaxMb());
            double eventsPerSecond = Math.min(v.eventsPerSecond().get(Backlog.MESSAGING_PROJECTION),
                    v.eventsPerSecond().get(Backlog.GATEWAY_PROJECTION));
            long eventsLost = v.eventsLost();
            long lost = v.readingsLost() + eventsLost;
            long duplicated = v.readingsDuplicated() + v.recordedTwice().values().stream().mapToLong(Long::longValue).sum();

            System.out.println();
            System.out.println("  | measure                                                      | value                    |");
            System.out.println("  |--------------------------------------------------------------|--------------------------|");
            row("events queued (device.commissioned), for each consumer", String.format("%,d", queued.events()));
            row("readings queued (acknowledged by the broker)", String.format("%,d", v.readingsAcknowledged()));
            row("broker resident memory, max MB", String.format("%,.0f", brokerRss));
            row("drained, from the consumers' launch, s", String.format("%,.0f", drained));
            row("readings/s stored (first to last commit)", String.format("%,.0f", v.readingsPerSecond()));
            row("events/s applied, messaging-service / meter-gateway", String.format("%,.0f / %,.0f",
                    v.eventsPerSecond().get(Backlog.MESSAGING_PROJECTION), v.eventsPerSecond().get(Backlog.GATEWAY_PROJECTION)));
            row("messaging-service heap used max / live set max MB (limit)", String.format("%.0f / %d (%.0f)", messagingHeap.heapUsedMb(),
                    messagingGc.liveMaxMb(), messagingHeap.heapMaxMb()));
            row("meter-gateway heap used max / live set max MB (limit)", String.format("%.0f / %d (%.0f)", gatewayHeap.heapUsedMb(),
                    gatewayGc.liveMaxMb(), gatewayHeap.heapMaxMb()));
            row("used after a collection max MB (jvm_gc_live_data_size)", String.format("%.0f / %.0f", messagingHeap.liveDataMb(),
                    gatewayHeap.liveDataMb()));
            row("collections / allocation stalls, messaging / gateway", String.format("%d / %d, %d / %d", messagingGc.cycles(),
                    messagingGc.stalls(), gatewayGc.cycles(), gatewayGc.stalls()));
            row("heap samples (missed), messaging / gateway", String.format("%d (%d) / %d (%d)", messagingHeap.samples(),
                    messagingHeap.missed(), gatewayHeap.samples(), gatewayHeap.missed()));
            row("readings lost / duplicated / dead-lettered", String.format("%d / %d / %d", v.readingsLost(), v.readingsDuplicated(),
                    v.deadLettered()));
            row("events not applied, messaging / gateway", String.format("%d / %d", v.eventsNotApplied(Backlog.MESSAGING_PROJECTION),
                    v.eventsNotApplied(Backlog.GATEWAY_PROJECTION)));
            row("messages the broker dropped (queue full)", String.format("%d", v.brokerDropped()));
            System.out.println("  target (issue 15): all stored or applied exactly once, at full speed, heap under the limit throughout");
            if (v.firstLost() != null) {
                System.out.println("  first acknowledged reading not stored: " + v.firstLost() + "; dead letters " + v.deadLetters());
            }
            for (OwnInstances.Service s : new OwnInstances.Service[] {backlog.messaging(), backlog.gateway()}) {
                if (!s.alive()) {
                    System.out.println("  " + s.name() + " is no longer running (exit " + s.exitValue() + "): see " + s.log());
                }
            }
            System.out.printf(Locale.ROOT, "RESULT backlog events=%d readings=%d lost=%d duplicated=%d dropped=%d heap_max_mb_messaging=%.0f "
                    + "heap_max_mb_gateway=%.0f heap_limit_mb=%d readings_per_s=%.0f events_per_s=%.0f broker_rss_mb=%.0f "
                    + "live_max_mb_messaging=%d live_max_mb_gateway=%d dead_letters=%d drained_s=%.0f%n",
                    queued.events(), v.readingsAcknowledged(), lost, duplicated, v.brokerDropped(), messagingHeap.heapUsedMb(),
                    gatewayHeap.heapUsedMb(), Backlog.HEAP_LIMIT_MB, v.readingsPerSecond(), eventsPerSecond, brokerRss,
                    messagingGc.liveMaxMb(), gatewayGc.liveMaxMb(), v.deadLettered(), drained);
            boolean exact = lost == 0 && duplicated == 0 && v.brokerDropped() == 0;
            return exact ? 0 : 1;
        }
    }

    private static void row(String measure, String value) {
        System.out.printf("  | %-60s | %24s |%n", measure, value);
    }
}
