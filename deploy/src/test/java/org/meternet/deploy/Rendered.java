package org.meternet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An overlay of k8s/ as `kubectl kustomize` renders it, parsed into the fabric8 Kubernetes model, with the objects its
 * prerequisites script makes (what git cannot hold). Rendered once per overlay for all the tests.
 */
record Rendered(String overlay, List<JsonNode> documents, List<HasMetadata> objects, List<HasMetadata> prerequisites) {
    static final Path ROOT = Path.of(System.getProperty("meternet.root", "..")).toAbsolutePath().normalize();
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

    static Rendered overlay(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Rendered::render);
    }

    static Stream<String> overlays() {
        return Stream.of("local", "production");
    }

    private static Rendered render(String overlay) {
        String yaml = run(kubectl(), "kustomize", ROOT.resolve("k8s/overlays/" + overlay).toString());
        List<JsonNode> documents = documents(yaml);
        String prerequisites = switch (overlay) {
            case "local" -> run("bash", ROOT.resolve("k8s/overlays/local/prerequisites.sh").toString());
            default -> run("bash", ROOT.resolve("k8s/reference-data.sh").toString());
        };
        return new Rendered(overlay, documents, documents.stream().map(Rendered::parse).toList(),
                documents(prerequisites).stream().map(Rendered::parse).toList());
    }

    static HasMetadata parse(JsonNode document) {
        return SERIALIZATION.convertValue(document, HasMetadata.class);
    }

    private static List<JsonNode> documents(String yaml) {
        List<JsonNode> out = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("rendered YAML does not parse", e);
        }
        return out;
    }

    /** The kubectl that bin/meternet test made sure of (KUBECTL), else var/tools, else the one on the PATH. */
    static String kubectl() {
        String fromEnv = System.getenv("KUBECTL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Path fetched = ROOT.resolve("var/tools/kubectl/kubectl");
        return Files.isExecutable(fetched) ? fetched.toString() : "kubectl";
    }

    private static String run(String... command) {
        try {
            Path errors = Files.createTempFile("meternet-deploy", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectError(errors.toFile());
            pb.environment().put("KUBECTL", kubectl());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = p.waitFor(120, TimeUnit.SECONDS);
            String error = Files.readString(errors);
            Files.delete(errors);
            if (!ended || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + error);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " (kubectl with kustomize v5 is needed; "
                    + "bin/meternet test fetches one): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything a workload may refer to: the rendered objects and the prerequisites. */
    List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>(objects);
        all.addAll(prerequisites);
        return all;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return objects.stream().filter(o -> o instanceof GenericKubernetesResource && kind.equals(o.getKind()))
                .map(GenericKubernetesResource.class::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }
}
