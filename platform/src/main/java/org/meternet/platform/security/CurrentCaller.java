package org.meternet.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, read from its verified access token. */
@ApplicationScoped
public class CurrentCaller {
    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        String org = null;
        Set<Integer> areas = Set.of();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            org = claimText(jwt, "org");
            String areaClaim = claimText(jwt, "distribution_areas");
            if (areaClaim != null && !areaClaim.isBlank()) {
                areas = Arrays.stream(areaClaim.split("[,\\s]+")).filter(s -> !s.isBlank()).map(Integer::valueOf)
                        .collect(Collectors.toUnmodifiableSet());
            }
        }
        return new Caller(identity.isAnonymous() ? null : identity.getPrincipal().getName(), org,
                Set.copyOf(identity.getRoles()), areas);
    }

    private static String claimText(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof jakarta.json.JsonString js) {
            return js.getString();
        }
        return value == null ? null : value.toString();
    }
}
