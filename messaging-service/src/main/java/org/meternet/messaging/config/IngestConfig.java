package org.meternet.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

@ConfigMapping(prefix = "meternet.ingest")
public interface IngestConfig {
    /**
     * Set when several instances run: they split the hubs' traffic through this shared-subscription
     * group. Unset (one instance), the subscription is a plain one. Mosquitto 2.0.11 does not restore
     * a persistent session's shared subscriptions when it restarts, so readings published between its
     * start and the instances' re-subscription are dropped although the hubs had their PUBACK; a plain
     * subscription is restored and loses nothing (IngestFaultIT).
     */
    java.util.Optional<String> shareGroup();

    /**
     * At most this many messages are stored per transaction. With the broker's in-flight limit
     * (2000 per client) it bounds the work held in memory: nothing more arrives until a batch is
     * acknowledged.
     */
    @WithDefault("500")
    int maxBatch();

    /**
     * Batches in progress at once: the next batch is parsed and written while the previous one
     * commits. Acknowledgements still go out in arrival order.
     */
    @WithDefault("3")
    int concurrentBatches();

    /** A larger payload is dead-lettered as OVERSIZE (the broker refuses anything above 256 KiB). */
    @WithDefault("16384")
    int maxPayloadBytes();

    /** Distribution area (MPAN distributor id) -> the network operator's organisation id, for alert routing. */
    Map<String, String> networkOperators();
}
