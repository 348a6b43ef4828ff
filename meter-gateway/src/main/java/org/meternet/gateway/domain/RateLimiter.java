package org.meternet.gateway.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per organisation: {@code perSecond} calls a second on average, up to {@code burst} at once. The
 * answer to a refused call is how long until the next token, for Retry-After. Several gateway replicas share a limit
 * out: each takes its share of the rate and of the burst (at least one call), so that behind a load balancer that
 * spreads the calls the organisation gets about the limit in all.
 */
public final class RateLimiter {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(double perSecond, double burst, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least one call");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /**
     * For one of {@code replicas} replicas sharing the limit: 0 when the organisation may make the call now (and it is
     * counted); else the milliseconds to wait.
     */
    public long take(String org, int replicas) {
        double rate = perSecond / Math.max(1, replicas);
        double most = Math.max(1, burst / Math.max(1, replicas));
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(org, k -> new Bucket(most, now));
        synchronized (b) {
            b.tokens = Math.min(most, b.tokens + (now - b.at) / 1e9 * rate);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) / rate * 1000);
        }
    }
}
