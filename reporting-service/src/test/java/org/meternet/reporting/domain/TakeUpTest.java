package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TakeUpTest {
    @Test
    void takeUpIsPremisesOverHouseholdsNotMetersOverHouseholds() {
        // Bolsover: 35,262 households; 9,000 dual-fuel homes are 18,000 meters but 9,000 premises.
        TakeUp t = TakeUp.of("E07000033", "Bolsover", "E12000004", "East Midlands", 18_000, 9_000, 35_262, "Census 2021");
        assertThat(t.share()).isEqualTo(9_000d / 35_262d);
        assertThat(t.percent()).isEqualTo(25.52);
    }

    @Test
    void aLocalAuthorityWithoutHouseholdsCannotHaveATakeUp() {
        assertThatThrownBy(() -> TakeUp.of("E07000033", "Bolsover", "E12000004", "East Midlands", 1, 1, 0, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
