package org.meternet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.meternet.simulator.bench.GcLog;
import org.meternet.simulator.bench.HeapWatch;
import org.meternet.simulator.load.Backlog;

/**
 * A backlog drained on small heaps, through a kill (issue 15), on a broker, a PostgreSQL cluster and services of this
 * test's own ({@link Backlog}): while messaging-service and meter-gateway are down (their persistent sessions exist
 * from a first start), installation-service commissions 20,000 devices through its bulk API and hubs' readings queue
 * for messaging-service; both start again with a 256 MB heap (ZGC, exiting on OutOfMemoryError), messaging-service is
 * killed with SIGKILL mid-drain and started again. Then every reading the broker acknowledged is stored exactly once,
 * every device event is applied exactly once in both device projections, neither service exited on its own, the heap
 * used (sampled from their metrics during the drain, and as ZGC logged every collection) stayed under the limit, and
 * the live set every collection marked stayed under half of it: memory flat whatever the broker holds. The full scale
 * is {@code bin/meternet bench backlog}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BacklogFaultIT {
    static final Backlog.Scale SCALE = new Backlog.Scale(500, 10_000, 100_000, 5_000);
    /** What a consumer may keep alive after a collection, at most: memory flat, whatever the broker holds. */
    static final double LIVE_SET_LIMIT_MB = Backlog.HEAP_LIMIT_MB / 2.0;

    @Test
    void consumersDrainABacklogOnSmallHeapsThroughAKillStoringAndApplyingEverythingOnce() throws Exception {
        String keycloak = System.getProperty("meternet.keycloak", "http://127.0.0.1:8180");
        try (Backlog backlog = new Backlog(SCALE, IngestFaultIT.ROOT, keycloak, Path.of("target"), "backlog-faults",
                Duration.ofMillis(250), Duration.ofSeconds(5))) {
            backlog.setUp();
            Backlog.Queued queued = backlog.queueWhileConsumersDown(Duration.ofSeconds(90));
            System.out.printf("  queued while the consumers were down: %,d events, %,d readings in %.1f s%n", queued.events(),
                    queued.readings(), queued.seconds());
            assertThat(queued.readings()).as("readings the broker acknowledged").isEqualTo(SCALE.readings());
            assertThat(queued.events()).as("events installation-service published").isEqualTo(SCALE.newDevices());

            backlog.startConsumers();
            backlog.awaitReadingsStored(SCALE.readings() / 4, Duration.ofSeconds(60));
            long storedAtKill = backlog.readingsStored();
            long appliedAtKill = backlog.eventsApplied(Backlog.MESSAGING_DB, Backlog.MESSAGING_PROJECTION);
            backlog.killAndRestartMessaging();
            System.out.printf("  messaging-service killed with %,d of %,d readings stored and %,d events applied, started again%n",
                    storedAtKill, SCALE.readings(), appliedAtKill);
            assertThat(storedAtKill).as("readings stored when messaging-service was killed (mid-drain)").isLessThan(SCALE.readings());
            backlog.awaitDrained(Duration.ofSeconds(90));

            Backlog.Verification v = backlog.verify();
            System.out.println("  " + v);
            for (OwnInstances.Service s : new OwnInstances.Service[] {backlog.messaging(), backlog.gateway()}) {
                System.out.printf("  %s: sampled %s; ZGC's log: %s%n", s.name(), backlog.heaps().peak(s), backlog.gc(s));
            }
            assertThat(v.readingsLost()).as("acknowledged readings not stored, the first " + v.firstLost()).isZero();
            assertThat(v.readingsDuplicated()).as("readings stored twice").isZero();
            assertThat(v.readingsStored()).isEqualTo(SCALE.readings());
            assertThat(v.deadLetters()).as("dead letters").isEmpty();
            assertThat(v.brokerDropped()).as("messages the broker dropped for a full queue").isZero();
            assertThat(v.events()).as("device events published").isEqualTo(2L * SCALE.seedHomes() + SCALE.newDevices());
            assertThat(v.eventsNotRecorded()).as("events not recorded as applied, by consumer")
                    .containsOnlyKeys(Backlog.MESSAGING_PROJECTION, Backlog.GATEWAY_PROJECTION).allSatisfy((k, n) -> assertThat(n).isZero());
            assertThat(v.eventsNotInProjection()).as("devices whose projection row lacks their event, by consumer")
                    .allSatisfy((k, n) -> assertThat(n).isZero());
            assertThat(v.recordedTwice()).as("events recorded twice, by consumer").allSatisfy((k, n) -> assertThat(n).isZero());

            for (OwnInstances.Service s : new OwnInstances.Service[] {backlog.messaging(), backlog.gateway()}) {
                HeapWatch.Peak peak = backlog.heaps().peak(s);
                GcLog.Summary gc = backlog.gc(s);
                assertThat(s.alive()).as(s.name() + " still running (it exits on OutOfMemoryError)").isTrue();
                assertThat(peak.samples()).as(s.name() + " heap samples from its metrics").isPositive();
                assertThat(peak.heapMaxMb()).as(s.name() + " heap limit").isEqualTo(Backlog.HEAP_LIMIT_MB);
                assertThat(peak.heapUsedMb()).as(s.name() + " heap used, sampled max").isLessThan(Backlog.HEAP_LIMIT_MB);
                // every collection of every process of it (first start, the drain, after the kill), from ZGC's own log
                assertThat(gc.processes()).as(s.name() + " processes logged").isGreaterThanOrEqualTo(2);
                assertThat(gc.cycles()).as(s.name() + " collections").isPositive();
                assertThat(gc.usedMaxMb()).as(s.name() + " heap used during any collection, max").isLessThanOrEqualTo(Backlog.HEAP_LIMIT_MB);
                assertThat(gc.liveMaxMb()).as(s.name() + " live set a collection marked, max").isPositive().isLessThan((long) LIVE_SET_LIMIT_MB);
            }
        }
    }
}
