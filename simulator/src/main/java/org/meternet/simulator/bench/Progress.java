package org.meternet.simulator.bench;

/** A line every few seconds with what is done, the rate and the time left. */
public final class Progress {
    private final String what;
    private final long total;
    private final long started = System.nanoTime();
    private long lastPrint = System.nanoTime();

    public Progress(String what, long total) {
        this.what = what;
        this.total = total;
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrint < 3_000_000_000L && done < total) {
            return;
        }
        lastPrint = now;
        double secs = (now - started) / 1e9;
        double rate = done / Math.max(secs, 1e-9);
        long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
        System.out.printf("    %s: %,d of %,d (%.0f/s, %s left)%n", what, done, total, rate, eta < 0 ? "?" : eta + " s");
    }
}
