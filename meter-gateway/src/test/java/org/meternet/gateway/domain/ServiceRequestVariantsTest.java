package org.meternet.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meternet.gateway.domain.ServiceRequestVariants.Variant;

class ServiceRequestVariantsTest {
    static final List<String> ROLES = List.of("IS", "ES", "GS", "RSA", "ED", "GT", "OU");

    /** SRV -> eligible roles, written out from the table of docs/contracts.md. */
    static final Map<String, String> CONTRACT = Map.of(
            "12.2", "IS ES GS RSA ED GT OU",
            "8.2", "IS ES GS RSA ED GT OU",
            "8.11", "IS GS OU",
            "8.1.1", "IS GS",
            "8.3", "IS GS",
            "6.23", "IS GS",
            "4.8.1", "IS GS ED GT OU");

    static Variant get(String srv) {
        return ServiceRequestVariants.defaults().variant(srv).orElseThrow();
    }

    @Test
    void eachRoleIsEligibleExactlyForTheVariantsTheContractGivesIt() {
        CONTRACT.forEach((srv, roles) -> {
            Variant v = get(srv);
            for (String role : ROLES) {
                boolean eligible = List.of(roles.split(" ")).contains(role);
                assertThat(ServiceRequestVariants.permits(v, Set.of(role))).as(role + " for " + srv).isEqualTo(eligible);
            }
        });
    }

    @Test
    void oneEligibleRoleAmongSeveralIsEnough() {
        assertThat(ServiceRequestVariants.permits(get("8.1.1"), Set.of("ED", "OU", "GS"))).isTrue();
        assertThat(ServiceRequestVariants.permits(get("8.1.1"), Set.of("ED", "OU", "RSA"))).isFalse();
    }

    @Test
    void theOperatorMayUseEveryVariant() {
        for (String srv : List.of("1.1.1", "4.1.1", "4.6.1", "4.8.1", "6.2.7", "6.23", "7.1", "7.2", "7.4", "8.1.1", "8.2", "8.3",
                "8.11", "11.2", "12.2")) {
            assertThat(ServiceRequestVariants.permits(get(srv), Set.of("operator"))).as(srv).isTrue();
        }
        Variant nobody = new Variant("99.1", "Nobody", false, Set.of(), Set.of());
        assertThat(ServiceRequestVariants.permits(nobody, Set.of("operator"))).isTrue();
        assertThat(ServiceRequestVariants.permits(nobody, Set.of("IS"))).isFalse();
    }

    @Test
    void aCallerWithoutADccRoleIsNotEligible() {
        assertThat(ServiceRequestVariants.permits(get("8.2"), Set.of())).isFalse();
        assertThat(ServiceRequestVariants.permits(get("8.2"), Set.of("platform-service", "offline_access"))).isFalse();
        // roles are compared exactly
        assertThat(ServiceRequestVariants.permits(get("8.2"), Set.of("is"))).isFalse();
    }

    @Test
    void meterCommandsGoToElectricityAndGasMeters() {
        for (String srv : List.of("1.1.1", "4.1.1", "4.6.1", "4.8.1", "6.2.7", "6.23", "7.1", "7.2", "7.4")) {
            assertThat(get(srv).toDevice()).as(srv).isTrue();
            assertThat(get(srv).deviceTypes()).as(srv).containsExactlyInAnyOrder("ESME", "GSME");
        }
    }

    @Test
    void theFirmwareVersionCanBeReadFromHubsAndGasProxiesToo() {
        assertThat(get("11.2").deviceTypes()).containsExactlyInAnyOrder("ESME", "GSME", "CHF", "GPF");
        assertThat(get("11.2").deviceTypes()).doesNotContain("IHD", "PPMID");
    }

    @Test
    void theInventorysVariantsAreNotCommandsToADevice() {
        for (String srv : List.of("8.1.1", "8.2", "8.3", "8.11", "12.2")) {
            assertThat(get(srv).toDevice()).as(srv).isFalse();
            assertThat(get(srv).deviceTypes()).as(srv).isEmpty();
        }
    }

    @Test
    void tariffsSupplyAndCommissioningAreCriticalAndReadsAreNot() {
        for (String srv : List.of("1.1.1", "7.1", "7.2", "8.1.1")) {
            assertThat(get(srv).critical()).as(srv).isTrue();
        }
        for (String srv : List.of("4.1.1", "4.6.1", "4.8.1", "6.2.7", "7.4", "8.2", "11.2", "12.2")) {
            assertThat(get(srv).critical()).as(srv).isFalse();
        }
    }

    @Test
    void eachVariantKnowsItsOwnNumberAndName() {
        Variant v = get("7.2");
        assertThat(v.srv()).isEqualTo("7.2");
        assertThat(v.name()).isEqualTo("Disable Supply");
        assertThat(get("8.1.1").name()).isEqualTo("Commission Device");
    }

    @Test
    void anUnknownVariantIsNone() {
        assertThat(ServiceRequestVariants.defaults().variant("99.9")).isEmpty();
        assertThat(ServiceRequestVariants.defaults().variant(null)).isEmpty();
        assertThat(ServiceRequestVariants.find("99.9")).isEmpty();
        // numbers are matched as written
        assertThat(ServiceRequestVariants.find("7.10")).isEmpty();
        assertThat(ServiceRequestVariants.find("8.1")).isEmpty();
    }

    @Test
    void aConfiguredVariantIsAddedToTheDefaults() {
        Variant readTariff = new Variant("4.17", "Read Tariff", false, Set.of("IS", "GS"), Set.of("ESME"));
        ServiceRequestVariants configured = new ServiceRequestVariants(Map.of("4.17", readTariff));
        assertThat(configured.variant("4.17")).contains(readTariff);
        assertThat(configured.variant("8.2")).contains(get("8.2"));
        assertThat(configured.variant("4.17").orElseThrow().toDevice()).isTrue();
    }

    @Test
    void aConfiguredVariantReplacesTheDefaultOfTheSameNumber() {
        Variant wider = new Variant("8.1.1", "Commission Device", false, Set.of("IS", "GS", "OU"), Set.of());
        ServiceRequestVariants configured = new ServiceRequestVariants(Map.of("8.1.1", wider));
        Variant v = configured.variant("8.1.1").orElseThrow();
        assertThat(ServiceRequestVariants.permits(v, Set.of("OU"))).isTrue();
        assertThat(v.critical()).isFalse();
        assertThat(configured.variant("8.3").orElseThrow().eligibleRoles()).containsExactlyInAnyOrder("IS", "GS");
    }

    @Test
    void configurationLeavesTheDefaultsAsTheyWere() {
        Variant wider = new Variant("8.1.1", "Commission Device", true, Set.of("OU"), Set.of());
        new ServiceRequestVariants(Map.of("8.1.1", wider, "4.17", wider));
        assertThat(ServiceRequestVariants.defaults().variant("4.17")).isEmpty();
        assertThat(ServiceRequestVariants.find("4.17")).isEmpty();
        assertThat(ServiceRequestVariants.permits(ServiceRequestVariants.find("8.1.1").orElseThrow(), Set.of("OU"))).isFalse();
        assertThat(new ServiceRequestVariants(Map.of()).variant("8.1.1").orElseThrow().eligibleRoles())
                .containsExactlyInAnyOrder("IS", "GS");
    }

    @Test
    void theConfigurationIsReadOnceWhenBuilt() {
        Map<String, Variant> configured = new HashMap<>();
        ServiceRequestVariants variants = new ServiceRequestVariants(configured);
        configured.put("4.17", new Variant("4.17", "Read Tariff", false, Set.of("IS"), Set.of("ESME")));
        assertThat(variants.variant("4.17")).isEmpty();
    }
}
