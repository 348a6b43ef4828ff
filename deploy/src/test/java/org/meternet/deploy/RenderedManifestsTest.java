package org.meternet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay renders, and every object in it is one the Kubernetes API would take field for field. */
class RenderedManifestsTest {
    // kinds of operators the production overlay relies on; fabric8 has no model of them
    private static final Set<String> CUSTOM_KINDS = Set.of("postgresql.cnpg.io/v1/Cluster", "external-secrets.io/v1/ExternalSecret");

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void everyObjectParsesStrictlyIntoTheKubernetesModel(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        assertThat(r.objects()).hasSizeGreaterThan(20);
        for (HasMetadata o : r.all()) {
            String id = o.getApiVersion() + "/" + o.getKind() + " " + o.getMetadata().getName();
            if (o instanceof GenericKubernetesResource) {
                assertThat(CUSTOM_KINDS).as("%s has no model: a typo in its kind or apiVersion?", id)
                        .contains(o.getApiVersion() + "/" + o.getKind());
            }
            assertThat(StrictModel.unknownFields(o)).as("fields of %s the Kubernetes model does not know", id).isEmpty();
            assertThat(o.getMetadata().getNamespace() == null ? "cluster-scoped" : o.getMetadata().getNamespace())
                    .as("namespace of %s", id).isIn("meternet", o instanceof Namespace ? "cluster-scoped" : "meternet");
        }
    }

    @Test
    void aMisspelledFieldIsCaught() {
        JsonNode document = Rendered.overlay("local").documents().stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow().deepCopy();
        ((ObjectNode) document.at("/spec/template/spec/containers/0")).put("livenesProbe", "typo");
        assertThat(StrictModel.unknownFields(Rendered.parse(document)))
                .containsExactly("spec.template.spec.containers[0].livenesProbe");
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void theServicesRunAsTheirOwnWorkloads(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        assertThat(r.named(Deployment.class, "installation-service")).isPresent();
        for (String name : List.of("messaging-service", "reporting-service", "meter-gateway")) {
            assertThat(r.named(StatefulSet.class, name)).as("%s keeps a stable MQTT client id", name).isPresent();
        }
    }
}
