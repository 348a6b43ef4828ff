package org.meternet.gateway.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "meternet.gateway")
public interface GatewayConfig {
    String installationUrl();

    String messagingUrl();

    String reportingUrl();

    Duration timeout();

    /** Connections to installation-service for device lookups and the inventory's own service requests. */
    @WithDefault("50")
    int installationConnections();

    /** How long POST /service-requests waits for the device's answer before it answers 202 (I99). */
    @WithDefault("5s")
    Duration answerWait();

    /** After the hub acknowledged a command, how long the device has to answer before the request is TIMED_OUT (E21). */
    @WithDefault("30s")
    Duration responseTimeout();

    /** How long a command waits for an offline hub (held by the broker) before it is EXPIRED. */
    @WithDefault("1h")
    Duration timeToLive();

    /** Calls per organisation through the gateway, all replicas together: a steady rate and a burst, and per-organisation overrides. */
    RateLimit rateLimit();

    interface RateLimit {
        @WithDefault("1000")
        double perSecond();

        @WithDefault("2000")
        double burst();

        Map<String, Org> orgs();

        interface Org {
            double perSecond();

            double burst();
        }
    }

    /**
     * Threshold anomaly detection, as the DCC's: per SRV, at most {@code limit} requests of one organisation within
     * {@code interval}; beyond, its service requests are quarantined until an operator releases them.
     */
    Map<String, Threshold> anomalyThresholds();

    interface Threshold {
        long limit();

        Duration interval();
    }

    /** Service request variants added to or replacing the default table (docs/contracts.md), keyed by SRV, e.g. srv."4.2".roles=IS,GS. */
    Map<String, Srv> srv();

    interface Srv {
        Optional<String> name();

        @WithDefault("false")
        boolean critical();

        Set<String> roles();

        /** The device types the command goes to; none: a variant the owning service answers. */
        Optional<Set<String>> deviceTypes();
    }
}
