package org.meternet.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void aBurstThenTheSteadyRateAndEachOrganisationItsOwnBucket() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(10, 3, now::get);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).as("the fourth at once waits for a token: 100 ms at 10/s").isEqualTo(100);
        assertThat(limiter.take("b")).as("another organisation").isZero();
        now.addAndGet(100_000_000);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isPositive();
        now.addAndGet(10_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.take("a")).as("a long pause refills no more than the burst").isZero();
        }
        assertThat(limiter.take("a")).isPositive();
    }
}
