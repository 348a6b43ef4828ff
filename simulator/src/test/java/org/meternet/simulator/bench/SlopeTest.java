package org.meternet.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SlopeTest {
    @Test
    void aFigureGrowingTwoMegabytesAMinuteGrows120AnHour() {
        double[] minutes = {1, 2, 3, 4, 5};
        double[] heap = {100, 102, 104, 106, 108};
        assertThat(Slope.perHour(minutes, heap)).isCloseTo(120, within(1e-9));
    }

    @Test
    void theLeastSquaresLineThroughNoisyPoints() {
        // y = 3x + 1 with noise that sums to zero against x - mean: the slope stays 3 a minute
        double[] minutes = {1, 2, 3, 4};
        double[] heap = {4 + 1, 7 - 1, 10 - 1, 13 + 1};
        assertThat(Slope.perHour(minutes, heap)).isCloseTo(3 * 60, within(1e-9));
        assertThat(Slope.perHour(new double[] {1, 2, 3}, new double[] {50, 10, 50})).isCloseTo(0, within(1e-9));
        assertThat(Slope.perHour(new double[] {1, 2, 3}, new double[] {300, 200, 100})).isCloseTo(-6_000, within(1e-9));
    }

    @Test
    void minutesWithoutAFigureAreLeftOut() {
        double[] minutes = {1, 2, 3, 4};
        double[] heap = {10, Double.NaN, 30, 40};
        assertThat(Slope.perHour(minutes, heap)).isCloseTo(600, within(1e-9));
    }

    @Test
    void fewerThanTwoPointsHaveNoSlope() {
        assertThat(Slope.perHour(new double[] {1}, new double[] {5})).isNaN();
        assertThat(Slope.perHour(new double[] {1, 2}, new double[] {Double.NaN, 5})).isNaN();
        assertThat(Slope.perHour(new double[] {}, new double[] {})).isNaN();
    }
}
