package org.meternet.gateway.alerts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where webhooks may point, and how many an organisation may have (see OutboundAddressPolicy). */
@ConfigMapping(prefix = "meternet.gateway.webhooks")
public interface WebhookConfig {
    /** Refuse http URLs: on except in development and tests. */
    @WithDefault("true")
    boolean httpsOnly();

    /** The ports a webhook URL may name. */
    @WithDefault("443")
    Set<Integer> ports();

    /** Further address ranges webhooks may not reach, beyond the non-public ones: the cluster's pod and service CIDRs. */
    Optional<List<String>> deniedNetworks();

    /**
     * Exact address:port pairs let through despite the address and port rules, for a test's local receiver. Honoured
     * in the test launch mode only: the gateway refuses to start with any elsewhere.
     */
    Optional<List<String>> testAllowedTargets();

    /** Webhooks per organisation. */
    @WithDefault("10")
    int maxPerOrganisation();

    @WithDefault("2048")
    int maxUrlLength();
}
