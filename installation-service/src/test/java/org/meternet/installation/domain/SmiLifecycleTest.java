package org.meternet.installation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meternet.installation.domain.SmiLifecycle.IllegalTransitionException;
import org.meternet.installation.domain.SmiLifecycle.InvalidEffectiveTimeException;

class SmiLifecycleTest {
    static final Instant NOW = Instant.parse("2020-02-26T10:00:00Z");
    final SmiLifecycle lifecycle = new SmiLifecycle(Clock.fixed(NOW, ZoneOffset.UTC));

    /** The allowed moves, written out independently of SmiStatus.next(). */
    static final Set<String> ALLOWED = Set.of(
            "PENDING>WHITELISTED", "PENDING>WITHDRAWN",
            "WHITELISTED>INSTALLED_NOT_COMMISSIONED", "WHITELISTED>PENDING", "WHITELISTED>WITHDRAWN",
            "INSTALLED_NOT_COMMISSIONED>COMMISSIONED", "INSTALLED_NOT_COMMISSIONED>DECOMMISSIONED",
            "INSTALLED_NOT_COMMISSIONED>WITHDRAWN",
            "COMMISSIONED>SUSPENDED", "COMMISSIONED>RECOVERY", "COMMISSIONED>DECOMMISSIONED",
            "SUSPENDED>COMMISSIONED", "SUSPENDED>DECOMMISSIONED",
            "RECOVERY>RECOVERED", "RECOVERY>DECOMMISSIONED",
            "RECOVERED>COMMISSIONED", "RECOVERED>DECOMMISSIONED");

    @Test
    void everyStatusAgainstEveryTarget() {
        int allowed = 0;
        for (SmiStatus from : SmiStatus.values()) {
            for (SmiStatus to : SmiStatus.values()) {
                String move = from + ">" + to;
                if (ALLOWED.contains(move)) {
                    allowed++;
                    assertThat(lifecycle.change(from, NOW.minusSeconds(60), to, null).to()).as(move).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> lifecycle.change(from, NOW.minusSeconds(60), to, null)).as(move)
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessageContaining(from.name());
                }
            }
        }
        assertThat(allowed).isEqualTo(ALLOWED.size());
    }

    @Test
    void decommissionedAndWithdrawnAreFinal() {
        assertThat(SmiStatus.DECOMMISSIONED.next()).isEmpty();
        assertThat(SmiStatus.WITHDRAWN.next()).isEmpty();
    }

    @Test
    void onlyACommissionedDeviceIsInService() {
        for (SmiStatus s : SmiStatus.values()) {
            assertThat(s.inService()).as(s.name()).isEqualTo(s == SmiStatus.COMMISSIONED);
        }
    }

    @Test
    void historicalEffectiveTimesAreAcceptedForMigratedEstates() {
        Instant may2019 = Instant.parse("2019-05-21T09:00:00Z");
        assertThat(lifecycle.change(SmiStatus.INSTALLED_NOT_COMMISSIONED, Instant.parse("2019-05-20T09:00:00Z"),
                SmiStatus.COMMISSIONED, may2019).effectiveAt()).isEqualTo(may2019);
    }

    @Test
    void aTimeWithinTheClockSkewIsAcceptedButNotBeyondIt() {
        assertThat(lifecycle.change(SmiStatus.PENDING, null, SmiStatus.WHITELISTED, NOW.plus(Duration.ofMinutes(4))))
                .isNotNull();
        assertThatThrownBy(() -> lifecycle.change(SmiStatus.PENDING, null, SmiStatus.WHITELISTED, NOW.plus(Duration.ofMinutes(6))))
                .isInstanceOf(InvalidEffectiveTimeException.class).hasMessageContaining("future");
    }

    @Test
    void aChangeCannotTakeEffectBeforeTheCurrentStatusDid() {
        assertThatThrownBy(() -> lifecycle.change(SmiStatus.PENDING, NOW.minusSeconds(10), SmiStatus.WHITELISTED,
                NOW.minusSeconds(20))).isInstanceOf(InvalidEffectiveTimeException.class);
    }

    @Test
    void withoutAnEffectiveTimeTheChangeTakesEffectNow() {
        assertThat(lifecycle.change(SmiStatus.PENDING, null, SmiStatus.WHITELISTED, null).effectiveAt()).isEqualTo(NOW);
    }
}
