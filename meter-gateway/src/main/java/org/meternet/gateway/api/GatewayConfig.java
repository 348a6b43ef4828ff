package org.meternet.gateway.api;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "meternet.gateway")
public interface GatewayConfig {
    String installationUrl();

    String messagingUrl();

    String reportingUrl();

    Duration timeout();
}
