package org.meternet.gateway.alerts;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.meternet.gateway.domain.OutboundAddressPolicy;

/** The webhooks' address policy from configuration. */
public class WebhookPolicyProducer {
    @Produces
    @Singleton
    OutboundAddressPolicy policy(WebhookConfig config) {
        List<String> allowed = config.testAllowedTargets().orElse(List.of());
        if (!allowed.isEmpty() && LaunchMode.current() != LaunchMode.TEST) {
            throw new IllegalStateException("meternet.gateway.webhooks.test-allowed-targets lets webhooks reach inside addresses: "
                    + "it is for tests only and is refused in " + LaunchMode.current() + " mode");
        }
        return new OutboundAddressPolicy(config.httpsOnly(), config.ports(), config.deniedNetworks().orElse(List.of()), allowed,
                config.maxUrlLength());
    }
}
