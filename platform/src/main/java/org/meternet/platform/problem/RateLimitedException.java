package org.meternet.platform.problem;

/** 429: the caller's organisation has used its calls for now; Retry-After says when to try again. */
public class RateLimitedException extends ProblemException {
    private final long retryAfterSeconds;

    public RateLimitedException(String org, long retryAfterMillis) {
        super(429, "RATE_LIMITED", null, "organisation " + org + " is over its rate of calls; try again in "
                + Math.max(1, (retryAfterMillis + 999) / 1000) + " s");
        this.retryAfterSeconds = Math.max(1, (retryAfterMillis + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
