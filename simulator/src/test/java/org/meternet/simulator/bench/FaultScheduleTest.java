package org.meternet.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    @Test
    void anHourHasAFaultEveryTenMinutesFromMinuteFiveEachKindOnce() {
        FaultSchedule s = FaultSchedule.forRun(60);
        assertThat(s.faults()).extracting(FaultSchedule.Fault::minute).containsExactly(5, 15, 25, 35, 45, 55);
        assertThat(s.faults()).extracting(FaultSchedule.Fault::kind).containsExactly(FaultSchedule.Kind.values());
    }

    @Test
    void longerRunsCycleThroughTheKindsAgain() {
        FaultSchedule s = FaultSchedule.forRun(90);
        assertThat(s.faults()).extracting(FaultSchedule.Fault::minute).containsExactly(5, 15, 25, 35, 45, 55, 65, 75, 85);
        assertThat(s.faults().get(6).kind()).isEqualTo(FaultSchedule.Kind.KILL_MESSAGING);
    }

    @Test
    void aShortRunStillGoesThroughSeveralFaultsFromMinuteTwo() {
        assertThat(FaultSchedule.forRun(12).faults()).extracting(FaultSchedule.Fault::minute).containsExactly(2, 4, 6, 8, 10);
        assertThat(FaultSchedule.forRun(30).faults()).extracting(FaultSchedule.Fault::minute).containsExactly(2, 7, 12, 17, 22, 27);
        assertThat(FaultSchedule.forRun(6).faults()).extracting(FaultSchedule.Fault::minute).containsExactly(2, 4);
    }

    @Test
    void theLastFaultLeavesTwoMinutesToRecoverIn() {
        for (int n = 2; n <= 120; n++) {
            FaultSchedule s = FaultSchedule.forRun(n);
            s.faults().forEach(f -> assertThat(f.minute()).isBetween(1, s.minutes() - 2));
        }
        assertThat(FaultSchedule.forRun(3).faults()).isEmpty();
        assertThat(FaultSchedule.forRun(4).faults()).hasSize(1);
    }

    @Test
    void aFaultIsFoundAtItsMinuteAndSaysWhatTheLauncherRuns() {
        FaultSchedule s = FaultSchedule.forRun(12);
        assertThat(s.at(4)).map(FaultSchedule.Fault::kind).contains(FaultSchedule.Kind.RESTART_BROKER);
        assertThat(s.at(5)).isEmpty();
        assertThat(FaultSchedule.Kind.KILL_MESSAGING.commands()).containsExactly(List.of("service", "kill", "messaging-service"),
                List.of("service", "start", "messaging-service"));
        assertThat(FaultSchedule.Kind.RESTART_POSTGRES.commands()).containsExactly(List.of("infra", "restart", "postgres"));
        assertThat(FaultSchedule.Kind.KILL_GATEWAY.tag()).isEqualTo("kill meter-gateway");
    }
}
