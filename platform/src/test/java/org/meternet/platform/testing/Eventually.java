package org.meternet.platform.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Awaits a condition on something that happens asynchronously, failing after 20 s with what was awaited. */
public final class Eventually {
    static final Duration LIMIT = Duration.ofSeconds(20);

    private Eventually() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition::getAsBoolean, ok -> ok);
    }

    /** The first value the probe returns that satisfies {@code done}. */
    public static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting after " + LIMIT.toSeconds() + " s for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }
}
