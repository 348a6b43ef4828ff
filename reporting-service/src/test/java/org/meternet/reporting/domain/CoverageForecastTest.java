package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CoverageForecastTest {
    static final LocalDate ASAT = LocalDate.of(2020, 2, 26);

    @Test
    void theRemainingHouseholdsAtTheTrailingRate() {
        // 900 premises gained in 90 days = 10 a day; 1,000 households to go = 100 days
        CoverageForecast f = CoverageForecast.of("E12000004", "East Midlands", 9_000, 8_100, 10_000, 90, ASAT);
        assertThat(f.premisesPerDay()).isEqualTo(10.0);
        assertThat(f.fullCoverageOn()).isEqualTo(ASAT.plusDays(100));
        assertThat(f.percent()).isEqualTo(90.0);
    }

    @Test
    void noGrowthMeansNoDate() {
        assertThat(CoverageForecast.of("E12000001", "North East", 50, 50, 10_000, 90, ASAT).fullCoverageOn()).isNull();
    }

    @Test
    void fullCoverageIsToday() {
        assertThat(CoverageForecast.of("E12000001", "North East", 10_000, 9_000, 10_000, 90, ASAT).fullCoverageOn()).isEqualTo(ASAT);
    }
}
