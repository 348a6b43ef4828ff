package org.meternet.platform.mqtt;

import java.time.Duration;

/** Exponential backoff between reconnection attempts, reset once a connection works. */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long next;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.next = minMillis;
    }

    long nextDelayMillis() {
        long d = next;
        next = Math.min(maxMillis, next * 2);
        return d;
    }

    void reset() {
        next = minMillis;
    }
}
