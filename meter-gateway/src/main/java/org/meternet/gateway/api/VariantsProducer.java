package org.meternet.gateway.api;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.meternet.gateway.domain.ServiceRequestVariants;

/** The default variants (docs/contracts.md) with those of meternet.gateway.srv.* added or replacing them. */
public class VariantsProducer {
    @Produces
    @Singleton
    ServiceRequestVariants variants(GatewayConfig config) {
        Map<String, ServiceRequestVariants.Variant> configured = new HashMap<>();
        config.srv().forEach((srv, c) -> configured.put(srv, new ServiceRequestVariants.Variant(srv,
                c.name().orElseGet(() -> ServiceRequestVariants.find(srv).map(ServiceRequestVariants.Variant::name).orElse("SRV " + srv)),
                c.critical(), Set.copyOf(c.roles()), c.deviceTypes().map(Set::copyOf)
                        .orElseGet(() -> ServiceRequestVariants.find(srv).map(ServiceRequestVariants.Variant::deviceTypes).orElse(Set.of())))));
        return new ServiceRequestVariants(configured);
    }
}
