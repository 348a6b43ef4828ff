package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonthlyTrafficTest {
    static final long M = 1_000_000;

    /** The DCC's published figures: 30M in April 2019, 86M in October 2019, 138M in January 2020; the rest made up. */
    static MonthlyTraffic dcc() {
        Map<YearMonth, Long> m = new LinkedHashMap<>();
        m.put(YearMonth.of(2019, 1), 10 * M);
        m.put(YearMonth.of(2019, 4), 30 * M);
        m.put(YearMonth.of(2019, 5), 38 * M);
        m.put(YearMonth.of(2019, 6), 45 * M);
        m.put(YearMonth.of(2019, 7), 52 * M);
        m.put(YearMonth.of(2019, 10), 86 * M);
        m.put(YearMonth.of(2019, 11), 100 * M);
        m.put(YearMonth.of(2019, 12), 120 * M);
        m.put(YearMonth.of(2020, 1), 138 * M);
        return new MonthlyTraffic(m);
    }

    @Test
    void theRecordMonthIsTheBusiest() {
        assertThat(dcc().record().orElseThrow().month()).isEqualTo(YearMonth.of(2020, 1));
    }

    @Test
    void factorsCompareWithThePreviousMonthAndTheSameMonthAYearBefore() {
        var jan2020 = dcc().months().stream().filter(x -> x.month().equals(YearMonth.of(2020, 1))).findFirst().orElseThrow();
        assertThat(jan2020.monthOnMonth()).isEqualTo(1.15);
        assertThat(jan2020.yearOnYear()).isEqualTo(13.8);
        var apr = dcc().months().stream().filter(x -> x.month().equals(YearMonth.of(2019, 4))).findFirst().orElseThrow();
        assertThat(apr.monthOnMonth()).as("no March figure").isNull();
    }

    @Test
    void aMonthEqualsTheLongestRunOfConsecutiveEarlierMonthsItCovers() {
        // 138M covers May..July (135M) and April..June (113M), three months each, but not April..July
        // (165M) nor the last two months (220M); July and October are not consecutive. Of two runs as
        // long, the later one is told.
        var equalled = dcc().equalled(YearMonth.of(2020, 1)).orElseThrow();
        assertThat(equalled.from()).isEqualTo(YearMonth.of(2019, 5));
        assertThat(equalled.to()).isEqualTo(YearMonth.of(2019, 7));
        assertThat(equalled.combined()).isEqualTo(135 * M);
        assertThat(equalled.statement()).contains("2020-01").contains("2019-05 to 2019-07");
    }

    @Test
    void noStatementWhenNotTwoEarlierMonthsFit() {
        assertThat(dcc().equalled(YearMonth.of(2019, 4))).isEmpty();
    }
}
