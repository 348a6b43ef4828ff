package org.meternet.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Deployment or StatefulSet seen as what the invariants care about: its pods and how many. */
record Workload(HasMetadata object, PodTemplateSpec template, int replicas) {
    static List<Workload> of(Rendered r) {
        List<Workload> out = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            out.add(new Workload(d, d.getSpec().getTemplate(), d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()));
        }
        for (StatefulSet s : r.all(StatefulSet.class)) {
            out.add(new Workload(s, s.getSpec().getTemplate(), s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()));
        }
        return out;
    }

    String name() {
        return object.getMetadata().getName();
    }

    Map<String, String> podLabels() {
        return template.getMetadata().getLabels();
    }

    List<Container> containers() {
        List<Container> all = new ArrayList<>(template.getSpec().getContainers());
        if (template.getSpec().getInitContainers() != null) {
            all.addAll(template.getSpec().getInitContainers());
        }
        return all;
    }

    boolean isQuarkusService() {
        return "quarkus".equals(podLabels().get("meternet.org/runtime"));
    }

    /** Whether a label selector (matchLabels and matchExpressions of the In / Exists kinds) picks these pods. */
    boolean selectedBy(LabelSelector selector) {
        return Selectors.matches(selector, podLabels());
    }
}
