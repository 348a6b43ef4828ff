package org.meternet.messaging.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternet.messaging.domain.RegistrationHistory.Registration;
import org.meternet.platform.hub.AlertCatalogue;
import org.meternet.platform.projection.KnownDevice;

class AlertRoutingTest {
    static final Map<String, String> OPERATORS = Map.of("11", "em-networks");
    static final KnownDevice METER = new KnownDevice("00-DB-00-00-00-00-00-02", "ESME", "COMMISSIONED", "00-DB-00-00-00-00-00-01",
            "bright-energy", 11, "E12000004", "1100000000017");
    static final RegistrationHistory BRIGHT_ONLY = RegistrationHistory.only("bright-energy");

    static List<String> entitled(KnownDevice device, RegistrationHistory history, Instant at, String code) {
        return AlertRouting.entitled(device, history, at, AlertCatalogue.type(code), OPERATORS);
    }

    @Test
    void outageAndVoltageAlertsAlsoGoToTheAreasNetworkOperator() {
        assertThat(entitled(METER, BRIGHT_ONLY, Instant.now(), "8F35")).containsExactly("bright-energy", "em-networks");
        assertThat(entitled(METER, BRIGHT_ONLY, Instant.now(), "8099")).containsExactly("bright-energy", "em-networks");
    }

    @Test
    void otherAlertsAndUnlistedCodesGoToTheSupplierOnly() {
        assertThat(entitled(METER, BRIGHT_ONLY, Instant.now(), "8F3F")).containsExactly("bright-energy");
        assertThat(entitled(METER, BRIGHT_ONLY, Instant.now(), "1234")).containsExactly("bright-energy");
    }

    @Test
    void anAreaWithoutAKnownOperatorLeavesTheSupplierAlone() {
        KnownDevice elsewhere = new KnownDevice(METER.deviceId(), "ESME", "COMMISSIONED", METER.chfId(), "bright-energy", 23, null, null);
        assertThat(entitled(elsewhere, BRIGHT_ONLY, Instant.now(), "8F35")).containsExactly("bright-energy");
    }

    /**
     * Bright Energy until T, Volt Supply from T to T2, Bright Energy again from T2; the projection (now) says Bright
     * Energy. An alert goes to the supplier registered at the alert's own time, whenever it is delivered.
     */
    @Test
    void anAlertIsEntitledToTheSupplierRegisteredAtItsTimeNotTheOneAtDelivery() {
        Instant t = Instant.parse("2024-03-01T12:00:00Z");
        Instant t2 = Instant.parse("2024-04-01T12:00:00Z");
        RegistrationHistory history = new RegistrationHistory(List.of(new Registration(null, "bright-energy"),
                new Registration(t, "volt-supply"), new Registration(t2, "bright-energy")));

        assertThat(entitled(METER, history, t.minusMillis(1), "8F3F")).containsExactly("bright-energy");
        assertThat(entitled(METER, history, t, "8F3F")).containsExactly("volt-supply");
        assertThat(entitled(METER, history, t2.minusMillis(1), "8F35")).containsExactly("volt-supply", "em-networks");
        assertThat(entitled(METER, history, t2, "8F3F")).containsExactly("bright-energy");
        // delivered today, raised while Volt Supply was registered: still Volt Supply's, not today's supplier's
        assertThat(AlertRouting.supplierAt(METER, history, Instant.parse("2024-03-15T00:00:00Z"))).isEqualTo("volt-supply");
        // a change dated ahead: an alert raised before it is the current supplier's
        RegistrationHistory ahead = new RegistrationHistory(List.of(new Registration(null, "bright-energy"),
                new Registration(Instant.now().plusSeconds(86_400), "volt-supply")));
        assertThat(entitled(METER, ahead, Instant.now(), "8F3F")).containsExactly("bright-energy");
    }

    @Test
    void withoutAKnownHistoryTheProjectionsSupplierIsUsed() {
        assertThat(entitled(METER, new RegistrationHistory(List.of()), Instant.now(), "8F3F")).containsExactly("bright-energy");
        assertThat(entitled(METER, null, Instant.now(), "8F3F")).containsExactly("bright-energy");
    }
}
