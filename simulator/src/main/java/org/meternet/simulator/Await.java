package org.meternet.simulator;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition on a value holds, or fails after a deadline naming what it waited for. */
public final class Await {
    private Await() {
    }

    public static <T> T until(String what, Duration limit, Supplier<T> probe, Predicate<T> done) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        long nextNotice = started + 10_000_000_000L;
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > nextNotice) {
                System.out.printf("    still waiting for %s (%d s)%n", what, (System.nanoTime() - started) / 1_000_000_000L);
                nextNotice += 10_000_000_000L;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + limit.toSeconds() + " s waiting for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = probe.get();
        }
        return last;
    }
}
