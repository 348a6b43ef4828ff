package org.meternet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local overlay, with its prerequisites, applied to an API server (fabric8's mock, CRUD mode) and read back. */
@EnableKubernetesMockClient(crud = true)
class LocalOverlayOnMockClusterTest {
    KubernetesClient client;

    @Test
    void everyObjectIsCreatedAndReadsBackIntact() {
        Rendered local = Rendered.overlay("local");
        List<HasMetadata> objects = new ArrayList<>(local.all());
        // the namespace first, as kubectl apply orders it
        objects.sort((a, b) -> Boolean.compare(!(a instanceof Namespace), !(b instanceof Namespace)));
        for (HasMetadata o : objects) {
            client.resource(o).create();
        }
        for (HasMetadata o : objects) {
            HasMetadata back = client.resource(o).get();
            assertThat(back).as("%s %s read back", o.getKind(), o.getMetadata().getName()).isNotNull();
            assertThat(comparable(back)).as("%s %s as stored", o.getKind(), o.getMetadata().getName()).isEqualTo(comparable(o));
        }
        assertThat(client.apps().statefulSets().inNamespace("meternet").list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("messaging-service", "reporting-service", "meter-gateway", "broker", "postgres");
        assertThat(client.apps().deployments().inNamespace("meternet").list().getItems()).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("installation-service", "keycloak");
        assertThat(client.network().v1().networkPolicies().inNamespace("meternet").list().getItems()).hasSize(
                local.all(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class).size());
    }

    /** The object without what the server adds (identity, versions, timestamps). */
    private static JsonNode comparable(HasMetadata o) {
        ObjectNode node = (ObjectNode) Rendered.SERIALIZATION.convertValue(o, JsonNode.class);
        ObjectNode metadata = (ObjectNode) node.get("metadata");
        for (String added : List.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields")) {
            metadata.remove(added);
        }
        node.remove("status");
        return node;
    }
}
