package org.meternet.simulator.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    final AtomicLong clock = new AtomicLong();
    final Progress progress = new Progress("readings committed", 1_000, clock::get);

    @Test
    void aCountThatStopsMovingForAMinuteEndsTheWaitNamingIt() {
        progress.update(100);
        clock.addAndGet(59_000_000_000L);
        assertThatCode(() -> progress.update(100)).doesNotThrowAnyException();
        clock.addAndGet(2_000_000_000L);
        assertThatThrownBy(() -> progress.update(100)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("readings committed stopped moving at 100 of 1,000");
    }

    @Test
    void aCountThatMovesOrIsCompleteNeverStalls() {
        for (int i = 1; i <= 10; i++) {
            clock.addAndGet(50_000_000_000L);
            long done = i * 100L;
            assertThatCode(() -> progress.update(done)).doesNotThrowAnyException();
        }
        clock.addAndGet(120_000_000_000L);
        assertThatCode(() -> progress.update(1_000)).doesNotThrowAnyException();
    }

    @Test
    void aWatchedCountWithNoEndStallsAfterItsPatienceNamingWhereItStopped() {
        Progress watch = new Progress("installations registered by installation-service", Progress.OPEN_ENDED, 120_000_000_000L, clock::get);
        watch.update(5);
        clock.addAndGet(119_000_000_000L);
        assertThatCode(() -> watch.update(5)).doesNotThrowAnyException();
        clock.addAndGet(2_000_000_000L);
        assertThatThrownBy(() -> watch.update(5)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("installations registered by installation-service stopped moving at 5 for 121 s");
    }
}
