package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternet.platform.reference.LocalAuthority;
import org.meternet.reporting.domain.TakeUpRanking.Counted;

class TakeUpRankingTest {
    static final List<LocalAuthority> AUTHORITIES = List.of(
            new LocalAuthority("E07000033", "Bolsover", "E12000004", "East Midlands", "England", 36_000, "Census 2021"),
            new LocalAuthority("E06000001", "Hartlepool", "E12000001", "North East", "England", 40_000, "Census 2021"),
            new LocalAuthority("E07000032", "Amber Valley", "E12000004", "East Midlands", "England", 60_000, "Census 2021"));

    static TakeUpRanking ranking() {
        return new TakeUpRanking(AUTHORITIES, Map.of("E07000033", new Counted(12_000, 9_000), // 25 %
                "E06000001", new Counted(9_000, 8_000),                                          // 20 %
                "E07000032", new Counted(7_000, 6_000),                                          // 10 %
                "E07000026", new Counted(50, 40)));                                              // Allerdale: gone in 2023
    }

    @Test
    void localAuthoritiesRankByShareOfHouseholds() {
        var ranked = ranking().ranked(null, null, null);
        assertThat(ranked).extracting(r -> r.takeUp().localAuthorityName()).containsExactly("Bolsover", "Hartlepool", "Amber Valley");
        assertThat(ranked.get(0).takeUp().percent()).isEqualTo(25.0);
        assertThat(ranked.get(0).takeUp().commissionedMeters()).isEqualTo(12_000);
    }

    @Test
    void oneInFourHouseholdsIsAThresholdOf25Percent() {
        assertThat(ranking().ranked(null, 0.25, null)).extracting(r -> r.takeUp().localAuthorityCode()).containsExactly("E07000033");
        assertThat(ranking().ranked(null, null, 2)).hasSize(2);
        assertThat(ranking().ranked("E12000004", null, null)).extracting(r -> r.rank()).containsExactly(1, 3);
    }

    @Test
    void regionsAddPremisesAndHouseholdsBeforeDividing() {
        var eastMidlands = ranking().regions().stream().filter(r -> r.regionCode().equals("E12000004")).findFirst().orElseThrow();
        assertThat(eastMidlands.premisesWithSmartMeter()).isEqualTo(15_000);
        assertThat(eastMidlands.households()).isEqualTo(96_000);
        assertThat(eastMidlands.percent()).isEqualTo(15.63);
    }

    @Test
    void premisesUnderAnAbolishedAuthorityAreReportedApart() {
        assertThat(ranking().unknownCodes()).containsExactly(Map.entry("E07000026", 40L));
    }
}
