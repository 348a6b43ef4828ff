package org.meternet.messaging.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meternet.messaging.domain.RegistrationHistory.Period;
import org.meternet.messaging.domain.RegistrationHistory.Registration;
import org.meternet.platform.security.Caller;

class RegistrationHistoryTest {
    static final Instant T = Instant.parse("2024-03-01T12:00:00Z");
    static final Instant T2 = Instant.parse("2024-04-01T12:00:00Z");
    static final RegistrationHistory A_B_A = new RegistrationHistory(List.of(new Registration(T2, "a"),
            new Registration(null, "a"), new Registration(T, "b")));

    static Caller supplier(String org) {
        return new Caller("s", org, Set.of("IS"), Set.of());
    }

    @Test
    void eachSupplierHasOnlyItsOwnPeriods() {
        assertThat(A_B_A.periodsOf("a")).containsExactly(new Period(null, T), new Period(T2, null));
        assertThat(A_B_A.periodsOf("b")).containsExactly(new Period(T, T2));
        assertThat(A_B_A.periodsOf("c")).isEmpty();
        assertThat(A_B_A.supplierAt(T.minusNanos(1))).isEqualTo("a");
        assertThat(A_B_A.supplierAt(T)).isEqualTo("b");
        assertThat(A_B_A.supplierAt(T2)).isEqualTo("a");
    }

    @Test
    void aSupplierSeesItsPeriodsTheNetworkOperatorOfTheAreaAndTheOperatorEverythingOthersNothing() {
        assertThat(DataAccess.visiblePeriods(supplier("b"), A_B_A, 11)).containsExactly(new Period(T, T2));
        assertThat(DataAccess.visiblePeriods(supplier("c"), A_B_A, 11)).isEmpty();
        assertThat(DataAccess.visiblePeriods(new Caller("n", "em-networks", Set.of("ED"), Set.of(11)), A_B_A, 11))
                .containsExactly(Period.ALWAYS);
        assertThat(DataAccess.visiblePeriods(new Caller("n", "north", Set.of("ED"), Set.of(23)), A_B_A, 11)).isEmpty();
        assertThat(DataAccess.visiblePeriods(new Caller("o", "ops", Set.of("operator"), Set.of()), A_B_A, 11))
                .containsExactly(Period.ALWAYS);
        // a network role does not make an organisation a supplier
        assertThat(DataAccess.visiblePeriods(new Caller("n", "a", Set.of("ED"), Set.of(23)), A_B_A, 11)).isEmpty();
    }

    @Test
    void aFormerSuppliersConsentPeriodIsItsOwnLastOne() {
        Instant now = T2.minusSeconds(60);
        assertThat(DataAccess.consentPeriod(supplier("a"), A_B_A, 11, now)).contains(new Period(null, T));
        assertThat(DataAccess.consentPeriod(supplier("b"), A_B_A, 11, now)).contains(new Period(T, T2));
        assertThat(DataAccess.consentPeriod(new Caller("o", "ops", Set.of("operator"), Set.of()), A_B_A, 11, now))
                .contains(new Period(T, T2));
        assertThat(DataAccess.permitsNow(supplier("a"), A_B_A, 11, now)).isFalse();
        assertThat(DataAccess.permitsNow(supplier("b"), A_B_A, 11, now)).isTrue();
    }

    @Test
    void aPeriodIsClippedToTheWindow() {
        assertThat(new Period(null, T).clip(T.minusSeconds(10), T2)).contains(new Period(T.minusSeconds(10), T));
        assertThat(new Period(T2, null).clip(T, T2)).isEmpty();
    }
}
