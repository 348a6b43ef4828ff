package org.meternet.simulator.bench;

import java.time.Duration;

/**
 * A benchmark's overall deadline: each wait inside it has its own, but a run that goes on past the whole time it may
 * take (a phase without a deadline, a wait the stall detection does not see) is ended with an error naming the phase
 * it was in, rather than left holding the machine.
 */
public final class Deadline {
    private Deadline() {
    }

    /** Ends the process with exit code 3 once {@code limit} has passed; a daemon, so a finished run exits as usual. */
    public static void watch(String bench, Duration limit) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.printf("benchmark %s passed its overall deadline of %d min; it was at: %s%n", bench, limit.toMinutes(),
                    Progress.lastReported());
            System.err.flush();
            Runtime.getRuntime().halt(3);
        }, "deadline-" + bench);
        t.setDaemon(true);
        t.start();
    }
}
