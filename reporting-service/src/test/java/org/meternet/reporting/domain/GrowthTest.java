package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GrowthTest {
    @Test
    void thirteenFoldGrowth() {
        assertThat(Growth.factor(2_900_000, 223_000)).isEqualTo(13.0);
    }

    @Test
    void nothingBeforeHasNoFactor() {
        assertThat(Growth.factor(5, 0)).isNull();
    }
}
