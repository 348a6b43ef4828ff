package org.meternet.simulator.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Several counts moving towards their totals at once (e.g. readings stored and events applied by two services), waited
 * for together: one line every few seconds with each count, its rate and the time it has left. A count that has not
 * moved for the stall time ends the wait with an error naming it and where it stopped; so does the overall deadline,
 * naming every count not done; so does a check that fails (a service that exited).
 */
public final class ProgressBoard {
    private final String phase;
    private final Duration limit;
    private final Duration stall;
    private final Duration poll;
    private final Duration printEvery;
    private final List<Count> counts = new ArrayList<>();
    private final List<Supplier<String>> checks = new ArrayList<>();
    private Supplier<String> note = () -> null;

    private static final class Count {
        final String name;
        final long total;
        final LongSupplier now;
        long first = -1;
        long last = -1;
        long lastMove;
        Long doneAt;

        Count(String name, long total, LongSupplier now) {
            this.name = name;
            this.total = total;
            this.now = now;
        }
    }

    public ProgressBoard(String phase, Duration limit, Duration stall, Duration poll, Duration printEvery) {
        this.phase = phase;
        this.limit = limit;
        this.stall = stall;
        this.poll = poll;
        this.printEvery = printEvery;
    }

    /** A count to wait for; {@code now} is asked once a poll. */
    public ProgressBoard count(String name, long total, LongSupplier now) {
        counts.add(new Count(name, total, now));
        return this;
    }

    /** Asked once a poll: a non-null answer ends the wait with it as the error (e.g. "messaging-service exited"). */
    public ProgressBoard check(Supplier<String> failure) {
        checks.add(failure);
        return this;
    }

    /** Said at the end of each progress line (e.g. memory figures), when not null. */
    public ProgressBoard note(Supplier<String> what) {
        note = what;
        return this;
    }

    /** Waits until every count reached its total; the seconds each took, by name. */
    public Map<String, Double> await() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long nextPrint = start + printEvery.toNanos();
        for (Count c : counts) {
            c.lastMove = start;
        }
        while (true) {
            long now = System.nanoTime();
            boolean allDone = true;
            for (Count c : counts) {
                long value = c.now.getAsLong();
                if (c.first < 0) {
                    c.first = value;
                }
                if (value != c.last) {
                    c.last = value;
                    c.lastMove = now;
                }
                if (value >= c.total && c.doneAt == null) {
                    c.doneAt = now;
                }
                allDone &= c.doneAt != null;
            }
            if (allDone) {
                print(start, now);
                Map<String, Double> took = new LinkedHashMap<>();
                counts.forEach(c -> took.put(c.name, (c.doneAt - start) / 1e9));
                return took;
            }
            for (Supplier<String> check : checks) {
                String failure = check.get();
                if (failure != null) {
                    throw new IllegalStateException(phase + ": " + failure + " (" + where() + ")");
                }
            }
            for (Count c : counts) {
                if (c.doneAt == null && now - c.lastMove > stall.toNanos()) {
                    throw new IllegalStateException(String.format("%s: %s stopped moving at %,d of %,d for %d s (%s)", phase, c.name,
                            c.last, c.total, (now - c.lastMove) / 1_000_000_000L, where()));
                }
            }
            if (now > deadline) {
                throw new IllegalStateException(phase + " did not finish within " + limit.toSeconds() + " s: " + where());
            }
            if (now >= nextPrint) {
                print(start, now);
                nextPrint = now + printEvery.toNanos();
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** Where every count stands, e.g. "readings stored 10 of 20, events applied 20 of 20". */
    private String where() {
        List<String> parts = new ArrayList<>();
        counts.forEach(c -> parts.add(String.format("%s %,d of %,d", c.name, c.last, c.total)));
        return String.join(", ", parts);
    }

    private void print(long start, long now) {
        double secs = (now - start) / 1e9;
        List<String> parts = new ArrayList<>();
        for (Count c : counts) {
            double rate = (c.last - c.first) / Math.max(secs, 1e-9);
            String left = c.doneAt != null ? String.format("done in %.0f s", (c.doneAt - start) / 1e9)
                    : rate > 0 ? String.format("%.0f/s, %d s left", rate, Math.round((c.total - c.last) / rate)) : "?";
            parts.add(String.format("%s %,d of %,d (%s)", c.name, c.last, c.total, left));
        }
        String extra = note.get();
        System.out.printf("    %s %3.0f s: %s%s%n", phase, secs, String.join("; ", parts), extra == null ? "" : "; " + extra);
    }
}
