package org.meternet.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meternet.gateway.domain.Route.Target;

class RouteTest {
    static final String DEVICE = "devices/00-DB-00-00-00-00-00-02";

    @Test
    void eachOperationMapsToItsServiceAndServiceRequest() {
        assertThat(Route.of("POST", "devices", null)).contains(new Route(Target.INSTALLATION, java.util.Optional.of("12.2")));
        assertThat(Route.of("GET", DEVICE, null).orElseThrow().srv()).contains("8.2");
        assertThat(Route.of("POST", DEVICE + "/status-changes", "COMMISSIONED").orElseThrow().srv()).contains("8.1.1");
        assertThat(Route.of("POST", DEVICE + "/status-changes", "decommissioned").orElseThrow().srv()).contains("8.3");
        assertThat(Route.of("POST", DEVICE + "/status-changes", "WHITELISTED").orElseThrow().srv()).contains("8.11");
        assertThat(Route.of("POST", DEVICE + "/status-changes", "SUSPENDED").orElseThrow().srv()).contains("operator");
        assertThat(Route.of("GET", DEVICE + "/readings", null).orElseThrow().target()).isEqualTo(Target.MESSAGING);
        assertThat(Route.of("PUT", "metering-points/1100000000017/consent", null).orElseThrow().target()).isEqualTo(Target.MESSAGING);
        assertThat(Route.of("GET", "traffic", null).orElseThrow().target()).isEqualTo(Target.MESSAGING);
        assertThat(Route.of("POST", "projection/rebuild", null).orElseThrow().target()).isEqualTo(Target.MESSAGING);
        assertThat(Route.of("POST", "reports/rebuild", null).orElseThrow().target()).isEqualTo(Target.REPORTING);
        assertThat(Route.of("GET", "reports/take-up/E07000033", null).orElseThrow().srv()).isEmpty();
    }

    @Test
    void unknownOperationsHaveNoRoute() {
        assertThat(Route.of("DELETE", DEVICE, null)).isEmpty();
        assertThat(Route.of("GET", DEVICE + "/gossip", null)).isEmpty();
        assertThat(Route.of("POST", "reports/take-up/E07000033", null)).isEmpty();
    }

    @Test
    void eligibilityFollowsTheSrvTable() {
        var commission = ServiceRequestVariants.find("8.1.1").orElseThrow();
        assertThat(ServiceRequestVariants.permits(commission, Set.of("IS"))).isTrue();
        assertThat(ServiceRequestVariants.permits(commission, Set.of("GS"))).isTrue();
        assertThat(ServiceRequestVariants.permits(commission, Set.of("ED"))).isFalse();
        assertThat(ServiceRequestVariants.permits(commission, Set.of("ES", "RSA", "GT", "OU"))).isFalse();
        assertThat(ServiceRequestVariants.permits(commission, Set.of("operator"))).isTrue();
        var profile = ServiceRequestVariants.find("4.8.1").orElseThrow();
        assertThat(ServiceRequestVariants.permits(profile, Set.of("OU"))).isTrue();
        assertThat(ServiceRequestVariants.permits(profile, Set.of("ES"))).isFalse();
        assertThat(ServiceRequestVariants.permits(ServiceRequestVariants.find("8.2").orElseThrow(), Set.of("RSA"))).isTrue();
    }
}
