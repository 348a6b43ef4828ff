package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DaySeriesTest {
    static final int D = (int) LocalDate.of(2026, 11, 30).toEpochDay();

    @Test
    void anEmptySeriesCountsNothing() {
        DaySeries s = new DaySeries();
        assertThat(s.upTo(D)).isZero();
        assertThat(s.upTo(Integer.MAX_VALUE)).isZero();
        assertThat(s.between(D - 10, D + 10)).isZero();
        assertThat(s.firstDay()).isEqualTo(Integer.MAX_VALUE);
        assertThat(s.lastDayHeld()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void upToIncludesTheDayItself() {
        DaySeries s = new DaySeries();
        s.add(D, 3);
        assertThat(s.upTo(D - 1)).isZero();
        assertThat(s.upTo(D)).isEqualTo(3);
        assertThat(s.upTo(D + 1)).isEqualTo(3);
    }

    @Test
    void countsOnTheSameDayAddUp() {
        DaySeries s = new DaySeries();
        s.add(D, 3);
        s.add(D, 4);
        assertThat(s.upTo(D)).isEqualTo(7);
    }

    @Test
    void aDayAfterTheLastCountsEverything() {
        DaySeries s = new DaySeries();
        s.add(D, 2);
        s.add(D + 1, 5);
        assertThat(s.upTo(D + 1_000)).isEqualTo(7);
        assertThat(s.upTo(Integer.MAX_VALUE)).isEqualTo(7);
    }

    @Test
    void betweenIsHalfOpen() {
        DaySeries s = new DaySeries();
        s.add(D, 1);
        s.add(D + 1, 10);
        s.add(D + 2, 100);
        assertThat(s.between(D, D + 2)).isEqualTo(11);
        assertThat(s.between(D + 1, D + 3)).isEqualTo(110);
        assertThat(s.between(D + 1, D + 2)).isEqualTo(10);
        assertThat(s.between(D - 5, D + 5)).isEqualTo(111);
    }

    @Test
    void anEmptyOrReversedRangeIsZero() {
        DaySeries s = new DaySeries();
        s.add(D, 1);
        assertThat(s.between(D, D)).isZero();
        assertThat(s.between(D + 1, D)).isZero();
    }

    @Test
    void anEarlierDayAddedLaterShiftsTheSeriesAndKeepsTheLaterCounts() {
        DaySeries s = new DaySeries();
        s.add(D, 5);
        assertThat(s.upTo(D)).isEqualTo(5);
        s.add(D - 30, 2);
        assertThat(s.firstDay()).isEqualTo(D - 30);
        assertThat(s.upTo(D - 31)).isZero();
        assertThat(s.upTo(D - 30)).isEqualTo(2);
        assertThat(s.upTo(D - 1)).isEqualTo(2);
        assertThat(s.upTo(D)).isEqualTo(7);
    }

    @Test
    void aCountAddedAfterAReadIsSeenByTheNextRead() {
        DaySeries s = new DaySeries();
        s.add(D, 1);
        s.add(D + 10, 1);
        assertThat(s.upTo(D + 10)).isEqualTo(2);
        s.add(D + 5, 4);
        assertThat(s.upTo(D + 4)).isEqualTo(1);
        assertThat(s.upTo(D + 10)).isEqualTo(6);
        s.add(D + 40, 8);
        assertThat(s.upTo(D + 39)).isEqualTo(6);
        assertThat(s.upTo(D + 40)).isEqualTo(14);
    }

    @Test
    void removalsAreNegativeCounts() {
        DaySeries s = new DaySeries();
        s.add(D, 5);
        s.add(D + 2, -2);
        assertThat(s.upTo(D + 1)).isEqualTo(5);
        assertThat(s.upTo(D + 2)).isEqualTo(3);
    }

    @Test
    void aZeroCountDoesNotStartTheSeries() {
        DaySeries s = new DaySeries();
        s.add(D, 0);
        assertThat(s.firstDay()).isEqualTo(Integer.MAX_VALUE);
        s.add(D + 3, 1);
        s.add(D - 3, 0);
        assertThat(s.firstDay()).isEqualTo(D + 3);
    }

    @Test
    void theFirstDayIsTheEarliestCountedAndTheLastDayCoversTheLatest() {
        DaySeries s = new DaySeries();
        s.add(D, 1);
        s.add(D + 20, 1);
        s.add(D - 7, 1);
        assertThat(s.firstDay()).isEqualTo(D - 7);
        // RolloutCube.dayOfNth searches [firstDay, lastDay]: lastDay must not be before the latest counted day
        assertThat(s.lastDayHeld()).isGreaterThanOrEqualTo(D + 20);
    }

    @Test
    void dayZeroAndNegativeEpochDaysAreOrdinaryDays() {
        DaySeries s = new DaySeries();
        s.add(0, 1);
        s.add(-1, 2);
        assertThat(s.upTo(-2)).isZero();
        assertThat(s.upTo(-1)).isEqualTo(2);
        assertThat(s.upTo(0)).isEqualTo(3);
    }

    @Test
    void randomAddsAgreeWithAPlainSum() {
        Random random = new Random(17);
        DaySeries s = new DaySeries();
        TreeMap<Integer, Long> plain = new TreeMap<>();
        for (int i = 0; i < 5_000; i++) {
            int day = D - 400 + random.nextInt(800);
            int n = random.nextInt(7) - 1;
            s.add(day, n);
            plain.merge(day, (long) n, Long::sum);
            if (i % 50 == 0) {
                int at = D - 500 + random.nextInt(1_000);
                long expected = plain.headMap(at, true).values().stream().mapToLong(Long::longValue).sum();
                assertThat(s.upTo(at)).as("upTo %d after %d adds", at, i).isEqualTo(expected);
                int to = at + random.nextInt(60);
                long inRange = plain.subMap(at, true, to, false).values().stream().mapToLong(Long::longValue).sum();
                assertThat(s.between(at, to)).as("between %d and %d", at, to).isEqualTo(inRange);
            }
        }
    }
}
