package org.meternet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifests name the images the build makes and carry the platform's own broker and realm configuration. */
class ImagesAndConfigurationTest {
    private static final Path ROOT = Rendered.ROOT;
    private static final List<String> SERVICES = List.of("installation-service", "messaging-service", "reporting-service", "meter-gateway");

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void imageNamesAreTheOnesJibBuilds(String overlay) throws IOException {
        List<Workload> services = Workload.of(Rendered.overlay(overlay)).stream().filter(Workload::isQuarkusService).toList();
        assertThat(services).extracting(Workload::name).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (Workload w : services) {
            assertThat(Files.readString(ROOT.resolve(w.name()).resolve("pom.xml"))).as("%s builds its image with Jib", w.name())
                    .contains("<artifactId>quarkus-container-image-jib</artifactId>");
            Properties app = new Properties();
            try (var in = Files.newInputStream(ROOT.resolve(w.name()).resolve("src/main/resources/application.properties"))) {
                app.load(in);
            }
            // Quarkus names the image group/name:tag, name being the artifactId unless the service says otherwise
            String group = app.getProperty("quarkus.container-image.group", System.getProperty("meternet.image.group"));
            String name = app.getProperty("quarkus.container-image.name", w.name());
            String tag = app.getProperty("quarkus.container-image.tag", System.getProperty("meternet.image.tag"));
            assertThat(group).as("meternet.image.group from the build").isNotBlank();
            Container c = w.template().getSpec().getContainers().get(0);
            // a registry in front (production) is the deployer's choice; the rest is the build's
            assertThat(c.getImage()).as("image of %s", w.name()).matches("([a-z0-9.-]+(:[0-9]+)?/)?" + Pattern.quote(group + "/" + name + ":" + tag));
        }
    }

    @Test
    void keycloakIsTheVersionTheDevelopmentMachinesRun() throws IOException {
        Matcher version = Pattern.compile("(?m)^KEYCLOAK_VERSION=(\\S+)$").matcher(Files.readString(ROOT.resolve("bin/lib/common.sh")));
        assertThat(version.find()).isTrue();
        assertThat(Files.readString(ROOT.resolve("k8s/keycloak/Containerfile"))).contains("FROM quay.io/keycloak/keycloak:" + version.group(1));
        assertThat(Workload.of(Rendered.overlay("local"))).filteredOn(w -> w.name().equals("keycloak")).singleElement()
                .satisfies(w -> assertThat(w.template().getSpec().getContainers().get(0).getImage()).endsWith(":" + version.group(1)));
    }

    @Test
    void theDeployedBrokerHasNoTestHarnessAccount() throws IOException {
        // the harness account lives in infra/mosquitto/harness.acl, which only development and test brokers read
        assertThat(Files.readString(ROOT.resolve("k8s/base/broker/services.acl"))).doesNotContain("meternet-harness");
        assertThat(Files.readAllLines(ROOT.resolve("infra/mosquitto/accounts"))).as("the service accounts")
                .filteredOn(line -> !line.startsWith("#")).noneMatch(account -> account.contains("meternet-harness"));
        assertThat(Files.readString(ROOT.resolve("infra/mosquitto/harness.acl"))).contains("user meternet-harness");
        for (String overlay : List.of("local", "production")) {
            Rendered r = Rendered.overlay(overlay);
            for (HasMetadata o : Stream.concat(r.objects().stream(), r.prerequisites().stream()).toList()) {
                String text = Rendered.SERIALIZATION.asJson(o);
                if (o instanceof Secret secret && secret.getData() != null) {
                    // the broker's hashed password file, for one, is only readable decoded
                    text += secret.getData().values().stream().map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("\n"));
                }
                assertThat(text).as("%s %s/%s", overlay, o.getKind(), o.getMetadata().getName()).doesNotContain("meternet-harness");
            }
        }
        assertThat(Rendered.overlay("local").prerequisites()).filteredOn(o -> o.getMetadata().getName().equals("meternet-broker-passwords"))
                .singleElement().satisfies(o -> assertThat(new String(Base64.getDecoder().decode(((Secret) o).getData().get("passwords")),
                        StandardCharsets.UTF_8)).contains("meternet-gateway:"));
    }

    @Test
    void theClusterBrokerRunsThePlatformConfigurationWithTheClustersPaths() throws IOException {
        Map<String, String> cluster = Map.of("@USER@", "mosquitto", "@STATE@", "/mosquitto/state", "@CONF@", "/mosquitto/config",
                "@PKI@", "/mosquitto/pki", "@SERVICE_PORT@", "1884", "@HUB_PORT@", "8883", "@BIND@", "0.0.0.0", "@LOG_DEST@", "stdout",
                "@PLUGINS@", "/usr/lib/meternet");
        String rendered = Files.readString(ROOT.resolve("infra/mosquitto/mosquitto.conf.in"));
        for (var e : cluster.entrySet()) {
            rendered = rendered.replace(e.getKey(), e.getValue());
        }
        assertThat(rendered).as("every placeholder has a cluster value").doesNotContainPattern("@[A-Z_]+@");
        assertThat(Files.readString(ROOT.resolve("k8s/base/broker/mosquitto.conf")))
                .as("k8s/base/broker/mosquitto.conf: infra/mosquitto/mosquitto.conf.in with the cluster's paths").isEqualTo(rendered);
        // the development broker reads the same access lists (infra/mosquitto links to them)
        for (String acl : List.of("services.acl", "hubs.acl")) {
            assertThat(ROOT.resolve("infra/mosquitto").resolve(acl).toRealPath()).isEqualTo(ROOT.resolve("k8s/base/broker").resolve(acl).toRealPath());
        }
        // the hubs' listener refuses subscriptions outside the hub's own down topics (infra/mosquitto/hub-subscriptions.c)
        String hubListener = rendered.substring(rendered.indexOf("listener 8883"));
        assertThat(hubListener).contains("\nplugin /usr/lib/meternet/meternet-hub-subscriptions.so\n", "\nacl_file /mosquitto/config/hubs.acl\n");
        assertThat(rendered.substring(0, rendered.indexOf("listener 8883"))).doesNotContain("\nplugin ");
        assertThat(Files.readString(ROOT.resolve("k8s/base/broker/Containerfile")))
                .as("the cluster's broker image builds the plugin the configuration loads")
                .contains("infra/mosquitto/hub-subscriptions.c", "/usr/lib/meternet/meternet-hub-subscriptions.so")
                .contains("FROM docker.io/library/eclipse-mosquitto:2.0.21");
        assertThat(Workload.of(Rendered.overlay("local"))).filteredOn(w -> w.name().equals("broker")).singleElement()
                .satisfies(w -> assertThat(w.template().getSpec().getContainers().get(0).getImage()).isEqualTo("meternet/broker:2.0.21"));
        assertThat(ROOT.resolve("infra/keycloak/meternet-realm.json").toRealPath())
                .isEqualTo(ROOT.resolve("k8s/base/keycloak/meternet-realm.json").toRealPath());
    }
}
