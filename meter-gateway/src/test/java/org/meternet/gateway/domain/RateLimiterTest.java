package org.meternet.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void aBurstThenTheSteadyRateAndEachOrganisationItsOwnBucket() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(10, 3, now::get);
        assertThat(limiter.take("a", 1)).isZero();
        assertThat(limiter.take("a", 1)).isZero();
        assertThat(limiter.take("a", 1)).isZero();
        assertThat(limiter.take("a", 1)).as("the fourth at once waits for a token: 100 ms at 10/s").isEqualTo(100);
        assertThat(limiter.take("b", 1)).as("another organisation").isZero();
        now.addAndGet(100_000_000);
        assertThat(limiter.take("a", 1)).isZero();
        assertThat(limiter.take("a", 1)).isPositive();
        now.addAndGet(10_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.take("a", 1)).as("a long pause refills no more than the burst").isZero();
        }
        assertThat(limiter.take("a", 1)).isPositive();
    }

    @Test
    void replicasShareTheLimitOutSoThatTogetherTheyAllowIt() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(10, 4, now::get);
        assertThat(limiter.take("a", 2)).isZero();
        assertThat(limiter.take("a", 2)).isZero();
        assertThat(limiter.take("a", 2)).as("half the burst of 4, half the rate: 200 ms to the next token").isEqualTo(200);
        now.addAndGet(10_000_000_000L);
        assertThat(limiter.take("a", 8)).isZero();
        assertThat(limiter.take("a", 8)).as("a share of a burst is never less than one call").isEqualTo(800);
        now.addAndGet(10_000_000_000L);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.take("a", 1)).as("alone again: the whole burst").isZero();
        }
        assertThat(limiter.take("a", 1)).isEqualTo(100);
    }
}
