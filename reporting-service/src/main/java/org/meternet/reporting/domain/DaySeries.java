package org.meternet.reporting.domain;

import java.util.Arrays;

/**
 * A count per GB day (epoch day numbers) with its running total, so that "how many up to day D" is one array read.
 * Changes mostly land on recent days, so the running total is brought up to date lazily from the earliest change.
 */
final class DaySeries {
    private static final int UNSET = Integer.MAX_VALUE;
    private int base = UNSET;
    private int[] perDay = new int[0];
    private int[] upTo = new int[0]; // a cell's counts stay far below 2^31
    private int staleFrom = Integer.MAX_VALUE;

    void add(int day, int n) {
        if (n == 0) {
            return;
        }
        cover(day);
        int i = day - base;
        perDay[i] += n;
        staleFrom = Math.min(staleFrom, i);
    }

    /** The sum of every day up to and including {@code day}. */
    long upTo(int day) {
        if (base == UNSET || day < base) {
            return 0;
        }
        refresh();
        return upTo[(int) Math.min((long) day - base, upTo.length - 1)];
    }

    /** The sum of the days in [from, to). */
    long between(int from, int to) {
        return to <= from ? 0 : upTo(to - 1) - upTo(from - 1);
    }

    /** The first day with a count, or {@link Integer#MAX_VALUE} when none. */
    int firstDay() {
        return base;
    }

    /** The last day the series has room for: an upper bound for a search, not the last day with a count. */
    int lastDayHeld() {
        return base == UNSET ? Integer.MIN_VALUE : base + perDay.length - 1;
    }

    private void refresh() {
        if (staleFrom >= perDay.length) {
            return;
        }
        int sum = staleFrom == 0 ? 0 : upTo[staleFrom - 1];
        for (int i = staleFrom; i < perDay.length; i++) {
            sum += perDay[i];
            upTo[i] = sum;
        }
        staleFrom = Integer.MAX_VALUE;
    }

    private void cover(int day) {
        if (base == UNSET) {
            base = day;
            perDay = new int[1];
            upTo = new int[1];
            staleFrom = 0;
        } else if (day < base) {
            int shift = base - day;
            int[] grown = new int[perDay.length + shift];
            System.arraycopy(perDay, 0, grown, shift, perDay.length);
            perDay = grown;
            upTo = new int[grown.length];
            base = day;
            staleFrom = 0;
        } else if (day - base >= perDay.length) {
            int length = Math.max(day - base + 1, perDay.length + perDay.length / 4 + 8);
            int old = perDay.length;
            perDay = Arrays.copyOf(perDay, length);
            upTo = Arrays.copyOf(upTo, length);
            staleFrom = Math.min(staleFrom, old);
        }
    }
}
