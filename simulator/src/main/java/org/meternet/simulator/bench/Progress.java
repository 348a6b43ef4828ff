package org.meternet.simulator.bench;

/**
 * A line every few seconds with what is done, the rate and the time left; and a stall: a count that has not moved for
 * a minute ends the wait with an error naming it, rather than waiting out the whole deadline.
 */
public final class Progress {
    static final long STALL_NANOS = 60_000_000_000L;
    private static volatile String lastReported = "(no progress reported yet)";
    /** The total of a count that has none (a stream that runs until stopped): never complete, never printed. */
    static final long OPEN_ENDED = Long.MAX_VALUE;
    private final String what;
    private final long total;
    private final long stallNanos;
    private final java.util.function.LongSupplier clock;
    private final long started;
    private long lastPrint;
    private long lastDone = -1;
    private long lastMove;

    public Progress(String what, long total) {
        this(what, total, STALL_NANOS, System::nanoTime);
    }

    Progress(String what, long total, java.util.function.LongSupplier clock) {
        this(what, total, STALL_NANOS, clock);
    }

    Progress(String what, long total, long stallNanos, java.util.function.LongSupplier clock) {
        this.what = what;
        this.total = total;
        this.stallNanos = stallNanos;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastPrint = started;
        this.lastMove = started;
    }

    /**
     * A count with no end (a load that runs until it is stopped), watched only for a stall: one that has not moved for
     * {@code patience} ends the run with an error naming it. Prints nothing.
     */
    public static Progress watch(String what, java.time.Duration patience) {
        return new Progress(what, OPEN_ENDED, patience.toNanos(), System::nanoTime);
    }

    public void update(long done) {
        long now = clock.getAsLong();
        if (done != lastDone) {
            lastDone = done;
            lastMove = now;
        } else if (done < total && now - lastMove > stallNanos) {
            throw new IllegalStateException(what + " stopped moving at " + (total == OPEN_ENDED ? String.format("%,d", done)
                    : String.format("%,d of %,d", done, total)) + " for " + (now - lastMove) / 1_000_000_000L
                    + " s: the service counting them has stalled (see its log in var/log)");
        }
        if (total == OPEN_ENDED || now - lastPrint < 3_000_000_000L && done < total) {
            return;
        }
        lastPrint = now;
        double secs = (now - started) / 1e9;
        double rate = done / Math.max(secs, 1e-9);
        long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
        String line = String.format("%s: %,d of %,d (%.0f/s, %s left)", what, done, total, rate, eta < 0 ? "?" : eta + " s");
        lastReported = line;
        System.out.println("    " + line);
    }

    /** The latest progress line of any wait in this process, to say where a run was when its deadline passed. */
    static String lastReported() {
        return lastReported;
    }
}
