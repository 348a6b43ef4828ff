package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class PressReleaseTest {
    static TakeUpRanking.Ranked ranked(int rank, String name, long premises, long households) {
        return new TakeUpRanking.Ranked(rank, TakeUp.of("E0700000" + rank, name, "E12000004", "East Midlands", premises, premises,
                households, "Census 2021"));
    }

    @Test
    void theAnnouncementStatesEachFigureAsAnOperatorWould() {
        PressRelease p = new PressRelease(LocalDate.of(2020, 2, 26),
                new PressRelease.Milestone(4_000_000, LocalDate.of(2020, 2, 26), "British Gas", "Tonbridge and Malling"),
                List.of(ranked(1, "Bolsover", 10_000, 36_000), ranked(2, "Hartlepool", 8_000, 40_930)),
                new PressRelease.YearGrowth(2019, 223_000, 2_899_000, 13.0),
                new MonthlyTraffic.Month(YearMonth.of(2020, 1), 138_000_000, 1.15, 13.8),
                new MonthlyTraffic.Equalled(YearMonth.of(2020, 1), 138_000_000, YearMonth.of(2019, 5), YearMonth.of(2019, 7),
                        135_000_000), "Census 2021");
        String text = p.text();
        assertThat(text).contains("The 4,000,000th SMETS2 smart meter was installed on 26 February 2020 by British Gas in "
                + "Tonbridge and Malling.");
        assertThat(text).contains("Take-up is highest in Bolsover (27.8%) and Hartlepool (19.5%)");
        assertThat(text).contains("10,000 of 36,000 households").contains("more than one household in four");
        assertThat(text).contains("grew 13-fold in 2019, from 223,000 to 2,899,000");
        assertThat(text).contains("January 2020 was the busiest month yet on the network, with 138,000,000 messages")
                .contains("as many as May 2019 to July 2019 combined");
    }

    @Test
    void aMissingFigureIsLeftOutNotMadeUp() {
        PressRelease p = new PressRelease(LocalDate.of(2018, 1, 1), null, List.of(), new PressRelease.YearGrowth(2018, 0, 5, null),
                null, null, "Census 2021");
        assertThat(p.paragraphs()).isEmpty();
    }

    @Test
    void theGrowthIsOfTheLastCompleteYear() {
        assertThat(PressRelease.YearGrowth.yearOf(LocalDate.of(2020, 2, 26))).isEqualTo(2019);
        assertThat(PressRelease.YearGrowth.yearOf(LocalDate.of(2019, 12, 31))).isEqualTo(2019);
    }

    @Test
    void ordinals() {
        assertThat(PressRelease.ordinal(1_000_000)).isEqualTo("1,000,000th");
        assertThat(PressRelease.ordinal(21)).isEqualTo("21st");
        assertThat(PressRelease.ordinal(112)).isEqualTo("112th");
    }
}
