package org.meternet.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CumulativeTest {
    @Test
    void countsFromItsFirstReadingAcrossTheProcessRestarts() {
        Cumulative c = new Cumulative();
        c.observe(1_000); // before the soak: the baseline
        c.observe(1_500);
        assertThat(c.total()).isEqualTo(500);
        c.observe(200); // started again from zero
        assertThat(c.total()).isEqualTo(700);
        c.observe(900, true); // known to have restarted although it already counts more than before
        assertThat(c.total()).isEqualTo(1_600);
        c.observe(Double.NaN); // not answering: nothing learnt
        c.observe(1_000);
        assertThat(c.total()).isEqualTo(1_700);
    }
}
