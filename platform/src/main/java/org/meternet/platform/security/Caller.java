package org.meternet.platform.security;

import java.util.Set;

/** The organisation, roles and distribution areas an access token carries. */
public record Caller(String subject, String org, Set<String> roles, Set<Integer> distributionAreas) {
    public boolean isOperator() {
        return roles.contains("operator");
    }

    public boolean hasAnyRole(Set<String> wanted) {
        return roles.stream().anyMatch(wanted::contains);
    }
}
