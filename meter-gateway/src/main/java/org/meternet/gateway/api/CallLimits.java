package org.meternet.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.meternet.gateway.domain.RateLimiter;
import org.meternet.gateway.messaging.GatewayReplicas;
import org.meternet.platform.problem.RateLimitedException;
import org.meternet.platform.security.Caller;

/**
 * Each organisation's rate of calls the gateway passes on (the operator is not limited), for all replicas together:
 * each replica takes its share of the limit, by the number of replicas serving (GatewayReplicas).
 */
@ApplicationScoped
public class CallLimits {
    private final RateLimiter standard;
    private final Map<String, RateLimiter> own = new HashMap<>();
    private final GatewayReplicas replicas;

    public CallLimits(GatewayConfig config, GatewayReplicas replicas) {
        this.replicas = replicas;
        this.standard = new RateLimiter(config.rateLimit().perSecond(), config.rateLimit().burst(), System::nanoTime);
        config.rateLimit().orgs().forEach((org, l) -> own.put(org, new RateLimiter(l.perSecond(), l.burst(), System::nanoTime)));
    }

    /** Counts the call, or refuses it with 429 and Retry-After. */
    public void take(Caller who) {
        if (who.isOperator() || who.org() == null) {
            return;
        }
        long wait = own.getOrDefault(who.org(), standard).take(who.org(), replicas.count());
        if (wait > 0) {
            throw new RateLimitedException(who.org(), wait);
        }
    }
}
