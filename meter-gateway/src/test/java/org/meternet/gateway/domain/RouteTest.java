package org.meternet.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meternet.gateway.domain.Route.Target;

class RouteTest {
    static final String DEVICE = "devices/00-DB-00-00-00-00-00-02";

    @Test
    void eachOperationMapsToItsServiceAndServiceRequest() {
        assertThat(Route.of("POST", "devices", null).orElseThrow().srv()).contains("12.2");
        assertThat(Route.of("POST", "devices", null).orElseThrow().target()).isEqualTo(Target.INSTALLATION);
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
        assertThat(Route.of("GET", "reports/take-up/regions", null).orElseThrow().template()).isEqualTo("reports/take-up/regions");
    }

    @Test
    void unknownOperationsHaveNoRoute() {
        assertThat(Route.of("DELETE", DEVICE, null)).isEmpty();
        assertThat(Route.of("GET", DEVICE + "/gossip", null)).isEmpty();
        assertThat(Route.of("POST", "reports/take-up/E07000033", null)).isEmpty();
        assertThat(Route.of("GET", "premises", null)).isEmpty();
    }

    @Test
    void theUpstreamPathIsRebuiltFromTheTemplateSoEncodedTricksCannotReachAnotherResource() {
        // an encoded slash or dot segment is a parameter that holds what no identifier holds
        assertThat(Route.resolve("GET", "premises/..%2F..%2F..%2Fq%2Fmetrics", null))
                .isEqualTo(new Route.BadParameter("premisesId", "premises/{premisesId}"));
        assertThat(Route.resolve("GET", "installations/..%2F..%2F..%2Fq%2Fopenapi", null)).isInstanceOf(Route.BadParameter.class);
        assertThat(Route.resolve("GET", "devices/x%3Fsupplier=other/readings", null)).isInstanceOf(Route.BadParameter.class);
        assertThat(Route.resolve("GET", "devices/%2e%2e", null)).isInstanceOf(Route.BadParameter.class);
        assertThat(Route.resolve("GET", "devices/a%20b", null)).isInstanceOf(Route.BadParameter.class);
        assertThat(Route.resolve("GET", "devices/a'b", null)).isInstanceOf(Route.BadParameter.class);
        assertThat(Route.resolve("GET", "devices/a%00", null)).isInstanceOf(Route.BadParameter.class);
        assertThat(Route.resolve("GET", "devices/%zz", null)).isInstanceOf(Route.NoOperation.class);
        assertThat(Route.resolve("GET", "devices/%C3", null)).isInstanceOf(Route.BadParameter.class);
        // literal segments are matched exactly: no dot segments, no matrix parameters
        assertThat(Route.resolve("GET", "reports/../q/metrics", null)).isInstanceOf(Route.NoOperation.class);
        assertThat(Route.resolve("GET", "devices//readings", null)).isInstanceOf(Route.BadParameter.class);
        assertThat(Route.resolve("GET", "traffic;x=1", null)).isInstanceOf(Route.NoOperation.class);
        // a well-formed call goes to the template's resource with its parameter re-encoded
        assertThat(Route.resolve("GET", "devices/00-db-00-00-00-00-00-02/readings", null))
                .isEqualTo(new Route.Found(Route.of("GET", DEVICE + "/readings", null).orElseThrow(),
                        "devices/00-db-00-00-00-00-00-02/readings"));
        assertThat(Route.resolve("GET", "devices/%30%30-DB-00-00-00-00-00-02", null))
                .isEqualTo(new Route.Found(Route.of("GET", DEVICE, null).orElseThrow(), "devices/00-DB-00-00-00-00-00-02"));
    }

    @Test
    void everyParameterThatPassesIsOneSegmentUpstream() {
        for (Route.Operation op : Route.OPERATIONS) {
            String sample = op.template().replaceAll("\\{[^}]+}", "Ab-1.2:3");
            Route.Resolution r = Route.resolve(op.method(), sample, null);
            assertThat(r).as(op.template()).isInstanceOf(Route.Found.class);
            assertThat(((Route.Found) r).upstreamPath()).isEqualTo(sample);
            assertThat(Route.ofTemplate(op.method(), "/api/v1/" + op.template().replaceAll("\\{[^}]+}", "{x}")))
                    .contains(((Route.Found) r).route());
        }
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
