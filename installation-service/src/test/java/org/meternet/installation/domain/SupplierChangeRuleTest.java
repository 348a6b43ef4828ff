package org.meternet.installation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.RegisteredSupplier;

class SupplierChangeRuleTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant SINCE = Instant.parse("2026-01-10T09:00:00Z");
    static final RegisteredSupplier BRIGHT = new RegisteredSupplier("bright-energy", null, null);

    @Test
    void aChangeFromNowMovesTheRegistrationAtOnce() {
        assertThat(SupplierChangeRule.apply(BRIGHT, SINCE, "volt-supply", NOW, NOW, false).current()).isEqualTo("volt-supply");
    }

    @Test
    void aChangeAheadWaitsForItsDate() {
        RegisteredSupplier after = SupplierChangeRule.apply(BRIGHT, SINCE, "volt-supply", NOW.plus(Duration.ofDays(3)), NOW, false);
        assertThat(after.current()).isEqualTo("bright-energy");
        assertThat(after.next()).isEqualTo("volt-supply");
        assertThatThrownBy(() -> SupplierChangeRule.apply(BRIGHT, SINCE, "volt-supply", NOW.plus(Duration.ofDays(91)), NOW, false))
                .isInstanceOf(ProblemException.class).hasMessageContaining("90 days");
    }

    @Test
    void aSupplierCannotBackdateItsGainButTheOperatorMayRecordAMigratedOne() {
        Instant lastMonth = NOW.minus(Duration.ofDays(30));
        assertThatThrownBy(() -> SupplierChangeRule.apply(BRIGHT, SINCE, "volt-supply", lastMonth, NOW, false))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_EFFECTIVE_TIME");
                    assertThat(e.field()).isEqualTo("effectiveAt");
                });
        // a caller's clock a little behind the platform's is not a backdating
        assertThat(SupplierChangeRule.apply(BRIGHT, SINCE, "volt-supply", NOW.minus(Duration.ofMinutes(1)), NOW, false).current())
                .isEqualTo("volt-supply");
        assertThat(SupplierChangeRule.apply(BRIGHT, SINCE, "volt-supply", lastMonth, NOW, true).current()).isEqualTo("volt-supply");
    }

    @Test
    void noChangeBeforeTheCurrentRegistrationBeganNorToTheSupplierAlreadyRegistered() {
        assertThatThrownBy(() -> SupplierChangeRule.apply(BRIGHT, SINCE, "volt-supply", SINCE, NOW, true))
                .isInstanceOf(ProblemException.class).hasMessageContaining("not after the current registration began");
        assertThatThrownBy(() -> SupplierChangeRule.apply(BRIGHT, SINCE, "bright-energy", NOW, NOW, false))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("ALREADY_REGISTERED"));
    }
}
