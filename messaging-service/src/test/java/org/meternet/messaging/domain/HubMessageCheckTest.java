package org.meternet.messaging.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.meternet.platform.projection.KnownDevice;

class HubMessageCheckTest {
    static final String HUB = "00-DB-00-00-00-00-00-01";
    static final String METER = "00-DB-00-00-00-00-00-02";

    KnownDevice meter(String status, String chf) {
        return new KnownDevice(METER, "ESME", status, chf, "bright-energy", 11, "E12000004", "1100000000017");
    }

    @Test
    void aCommissionedMeterOnThePublishingHubsNetworkIsAccepted() {
        assertThat(HubMessageCheck.check(meter("COMMISSIONED", HUB), METER, HUB).accepted()).isTrue();
    }

    @Test
    void theHubsOwnMessagesAreAccepted() {
        KnownDevice hub = new KnownDevice(HUB, "CHF", "COMMISSIONED", null, "bright-energy", null, "E12000004", null);
        assertThat(HubMessageCheck.check(hub, HUB, HUB).accepted()).isTrue();
    }

    @Test
    void anUnknownDeviceIsE19() {
        assertThat(HubMessageCheck.check(null, METER, HUB).code()).isEqualTo("E19");
    }

    @Test
    void aMeterOnAnotherHubsNetworkIsRefused() {
        assertThat(HubMessageCheck.check(meter("COMMISSIONED", "00-DB-00-00-00-00-00-09"), METER, HUB).code()).isEqualTo("WRONG_HUB");
    }

    @Test
    void aMeterNotCommissionedIsRefusedWhateverItsStatus() {
        for (String s : new String[] {"PENDING", "WHITELISTED", "INSTALLED_NOT_COMMISSIONED", "SUSPENDED", "DECOMMISSIONED"}) {
            assertThat(HubMessageCheck.check(meter(s, HUB), METER, HUB).code()).as(s).isEqualTo("E5");
        }
    }
}
