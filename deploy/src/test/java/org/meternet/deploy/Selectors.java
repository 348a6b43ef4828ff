package org.meternet.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Map;

/** Label selector matching as the API server does it. */
final class Selectors {
    private Selectors() {
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        return matches(selector.getMatchLabels(), labels) && (selector.getMatchExpressions() == null
                || selector.getMatchExpressions().stream().allMatch(e -> matches(e, labels)));
    }

    static boolean matches(Map<String, String> wanted, Map<String, String> labels) {
        return wanted == null || wanted.entrySet().stream().allMatch(w -> w.getValue().equals(labels.get(w.getKey())));
    }

    private static boolean matches(LabelSelectorRequirement e, Map<String, String> labels) {
        String value = labels.get(e.getKey());
        return switch (e.getOperator()) {
            case "In" -> value != null && e.getValues().contains(value);
            case "NotIn" -> value == null || !e.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException("selector operator " + e.getOperator());
        };
    }
}
