package org.meternet.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "meternet.outbox")
public interface OutboxConfig {
    /** Whether this service releases outbox events to the broker (off for services that produce none). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often an idle relay looks for new events. */
    @WithDefault("100ms")
    Duration pollInterval();

    @WithDefault("2000")
    int batchSize();
}
