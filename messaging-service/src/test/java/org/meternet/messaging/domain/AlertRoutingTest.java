package org.meternet.messaging.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternet.platform.projection.KnownDevice;
import org.meternet.platform.hub.AlertCatalogue;

class AlertRoutingTest {
    static final Map<String, String> OPERATORS = Map.of("11", "em-networks");
    static final KnownDevice METER = new KnownDevice("00-DB-00-00-00-00-00-02", "ESME", "COMMISSIONED", "00-DB-00-00-00-00-00-01",
            "bright-energy", 11, "E12000004", "1100000000017");

    @Test
    void outageAndVoltageAlertsAlsoGoToTheAreasNetworkOperator() {
        assertThat(AlertRouting.entitled(METER, AlertCatalogue.type("8F35"), OPERATORS)).containsExactly("bright-energy", "em-networks");
        assertThat(AlertRouting.entitled(METER, AlertCatalogue.type("8099"), OPERATORS)).containsExactly("bright-energy", "em-networks");
    }

    @Test
    void otherAlertsAndUnlistedCodesGoToTheSupplierOnly() {
        assertThat(AlertRouting.entitled(METER, AlertCatalogue.type("8F3F"), OPERATORS)).containsExactly("bright-energy");
        assertThat(AlertRouting.entitled(METER, AlertCatalogue.type("1234"), OPERATORS)).containsExactly("bright-energy");
    }

    @Test
    void anAreaWithoutAKnownOperatorLeavesTheSupplierAlone() {
        KnownDevice elsewhere = new KnownDevice(METER.deviceId(), "ESME", "COMMISSIONED", METER.chfId(), "bright-energy", 23, null, null);
        assertThat(AlertRouting.entitled(elsewhere, AlertCatalogue.type("8F35"), OPERATORS)).containsExactly("bright-energy");
    }
}
