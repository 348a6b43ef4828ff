package org.meternet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each overlay is for: everything in one cluster (local), or spread out on the organisation's services (production). */
class OverlaysTest {
    @Test
    void localRunsEverythingInTheCluster() {
        Rendered local = Rendered.overlay("local");
        assertThat(Workload.of(local)).extracting(Workload::name).contains("postgres", "broker", "keycloak");
        Map<String, String> platform = local.named(ConfigMap.class, "meternet-platform").orElseThrow().getData();
        assertThat(platform).containsEntry("METERNET_DB_HOST", "postgres").containsEntry("METERNET_MQTT_HOST", "broker")
                .containsEntry("METERNET_OIDC_URL", "http://keycloak:8080/realms/meternet");
    }

    @Test
    void productionSpreadsTheServicesAndUsesTheOrganisationsDatabaseBrokerAndKeycloak() {
        Rendered production = Rendered.overlay("production");
        for (Workload w : Workload.of(production)) {
            assertThat(w.isQuarkusService()).as("%s: only the services run as workloads of the overlay", w.name()).isTrue();
            assertThat(w.replicas()).as("replicas of %s", w.name()).isGreaterThanOrEqualTo(2);
            List<PodAffinityTerm> apart = w.template().getSpec().getAffinity().getPodAntiAffinity()
                    .getRequiredDuringSchedulingIgnoredDuringExecution();
            assertThat(apart).as("%s: no two replicas on one node", w.name()).anySatisfy(t -> {
                assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                assertThat(w.selectedBy(t.getLabelSelector())).isTrue();
            });
        }
        var cluster = production.custom("Cluster");
        assertThat(cluster).as("a CloudNativePG Cluster").hasSize(1);
        Map<String, Object> spec = cluster.get(0).get("spec");
        assertThat((Integer) spec.get("instances")).isGreaterThanOrEqualTo(2);
        Map<String, String> platform = production.named(ConfigMap.class, "meternet-platform").orElseThrow().getData();
        // CloudNativePG's read-write Service of that Cluster
        assertThat(platform.get("METERNET_DB_HOST")).isEqualTo(cluster.get(0).getMetadata().getName() + "-rw");
        assertThat(platform.get("METERNET_MQTT_HOST")).as("the organisation's broker").contains(".");
        assertThat(platform.get("METERNET_OIDC_URL")).as("the organisation's Keycloak").startsWith("https://");
        assertThat(production.all(io.fabric8.kubernetes.api.model.Secret.class)).as("no secret in git").isEmpty();
    }
}
