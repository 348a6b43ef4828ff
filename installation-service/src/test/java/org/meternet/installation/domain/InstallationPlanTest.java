package org.meternet.installation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.installation.domain.InstallationPlan.DeviceSpec;
import org.meternet.installation.domain.InstallationPlan.Plan;
import org.meternet.installation.domain.InstallationPlan.PlannedDevice;
import org.meternet.installation.domain.InstallationPlan.PlannedPremises;
import org.meternet.installation.domain.InstallationPlan.PremisesSpec;
import org.meternet.installation.domain.InstallationPlan.Request;
import org.meternet.platform.id.InvalidIdentifierException;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.ReferenceData;

class InstallationPlanTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final String SUPPLIER = "bright-energy";
    static final String CHF = "00-DB-12-34-56-78-90-A0";
    static final String ESME = "00-DB-12-34-56-78-90-A1";
    static final String GPF = "00-DB-12-34-56-78-90-A2";
    static final String GSME = "00-DB-12-34-56-78-90-A3";
    static final String IHD = "00-DB-12-34-56-78-90-A4";
    /** Distributor 11 (East Midlands), check digit by the published weights. */
    static final String MPAN = "1100000000017";
    static final String MPRN = "1234567890";
    /** Tonbridge and Malling, South East (ONS reference data). */
    static final PremisesSpec ME19 = new PremisesSpec("me194ab", null, null);

    static ReferenceData reference;

    @BeforeAll
    static void load() {
        reference = ReferenceData.load(Path.of("../data/reference"));
    }

    static DeviceSpec dev(String id, String type, String mpxn) {
        return new DeviceSpec(id, type, mpxn, null, "Acme", "M1", "1.0", null);
    }

    static DeviceSpec chf() {
        return dev(CHF, "CHF", null);
    }

    static DeviceSpec esme() {
        return dev(ESME, "ESME", MPAN);
    }

    static Request request(DeviceSpec... devices) {
        return new Request(ME19, null, null, null, new ArrayList<>(Arrays.asList(devices)));
    }

    static Plan plan(Request r) {
        return InstallationPlan.of(r, SUPPLIER, false, reference, NOW);
    }

    static void refused(ThrowingCallable call, String code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    static void invalidIdentifier(ThrowingCallable call, String code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidIdentifierException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    static PlannedDevice only(Plan p, String id) {
        return p.devices().stream().filter(d -> d.deviceId().equals(id)).findFirst().orElseThrow();
    }

    // --- the request as a whole -------------------------------------------------------------

    @Test
    void anAbsentInstallationIsRequired() {
        refused(() -> plan(null), "REQUIRED", null);
    }

    @Test
    void aSupplierNamingNoSupplierInstallsForItself() {
        assertThat(plan(request(chf(), esme())).supplierOrg()).isEqualTo(SUPPLIER);
        Request naming = new Request(ME19, null, null, SUPPLIER, List.of(chf()));
        assertThat(plan(naming).supplierOrg()).isEqualTo(SUPPLIER);
        Request blank = new Request(ME19, null, null, "  ", List.of(chf()));
        assertThat(plan(blank).supplierOrg()).isEqualTo(SUPPLIER);
    }

    @Test
    void aSupplierInstallsOnlyForItselfButTheOperatorForAnySupplier() {
        Request forVolt = new Request(ME19, null, null, "volt-supply", List.of(chf()));
        assertThatThrownBy(() -> plan(forVolt)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("E4");
            assertThat(e.field()).isEqualTo("supplier");
        });
        assertThat(InstallationPlan.of(forVolt, "meternet", true, reference, NOW).supplierOrg()).isEqualTo("volt-supply");
    }

    @Test
    void aTokenWithoutAnOrganisationCannotInstallForItself() {
        assertThatThrownBy(() -> InstallationPlan.of(request(chf()), null, false, reference, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("E2");
                });
    }

    @Test
    void withoutAnInstallationTimeTheInstallationTakesPlaceNow() {
        assertThat(plan(request(chf())).installedAt()).isEqualTo(NOW);
    }

    @Test
    void anInstallationTimeWithinTheClockSkewIsAcceptedButNotBeyondIt() {
        Instant soon = NOW.plus(SmiLifecycle.CLOCK_SKEW);
        assertThat(plan(new Request(ME19, null, soon, null, List.of(chf()))).installedAt()).isEqualTo(soon);
        Instant later = soon.plusSeconds(1);
        assertThatThrownBy(() -> plan(new Request(ME19, null, later, null, List.of(chf()))))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_EFFECTIVE_TIME");
                    assertThat(e.field()).isEqualTo("installedAt");
                    assertThat(e.getMessage()).contains("future");
                });
    }

    @Test
    void aMigratedInstallationMayBeDatedBackToTheFirstSmets2MetersButNotBefore() {
        Instant first = Instant.parse("2016-01-01T00:00:00Z");
        assertThat(plan(new Request(ME19, null, first, null, List.of(chf()))).installedAt()).isEqualTo(first);
        Instant before = first.minusSeconds(1);
        assertThatThrownBy(() -> plan(new Request(ME19, null, before, null, List.of(chf()))))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_EFFECTIVE_TIME");
                    assertThat(e.getMessage()).contains("before SMETS2");
                });
    }

    @Test
    void anInstallationHasAtLeastOneDevice() {
        refused(() -> plan(new Request(ME19, null, null, null, null)), "REQUIRED", "devices");
        refused(() -> plan(new Request(ME19, null, null, null, List.of())), "REQUIRED", "devices");
    }

    @Test
    void eachPlanHasItsOwnInstallationId() {
        assertThat(plan(request(chf())).installationId()).isNotEqualTo(plan(request(chf())).installationId());
    }

    // --- premises ---------------------------------------------------------------------------

    @Test
    void anExistingPremisesIsTakenByItsIdWithoutLookingItUp() {
        UUID id = UUID.randomUUID();
        PlannedPremises p = plan(new Request(new PremisesSpec("not a postcode", null, null), id, null, null, List.of(chf())))
                .premises();
        assertThat(p.existing()).isTrue();
        assertThat(p.id()).isEqualTo(id);
        assertThat(p.postcode()).isNull();
        assertThat(p.localAuthorityCode()).isNull();
    }

    @Test
    void premisesOrAPremisesIdIsRequired() {
        refused(() -> plan(new Request(null, null, null, null, List.of(chf()))), "REQUIRED", "premises");
    }

    @Test
    void aNewPremisesHasItsPostcodeNormalisedAndItsLocalAuthorityAndRegionResolved() {
        PlannedPremises p = plan(request(chf())).premises();
        assertThat(p.existing()).isFalse();
        assertThat(p.id()).isNotNull();
        assertThat(p.postcode()).isEqualTo("ME19 4AB");
        assertThat(p.localAuthorityCode()).isEqualTo("E07000115");
        assertThat(p.regionCode()).isEqualTo("E12000008");
    }

    @Test
    void anInvalidPostcodeIsRefusedNamingThePremisesField() {
        invalidIdentifier(() -> plan(new Request(new PremisesSpec("ME19 4CB", null, null), null, null, null, List.of(chf()))),
                "INVALID_POSTCODE", "premises.postcode");
    }

    @Test
    void aPostcodeNoLocalAuthorityIsKnownForNeedsAnOverride() {
        PremisesSpec unknown = new PremisesSpec("ZZ99 9ZZ", null, null);
        refused(() -> plan(new Request(unknown, null, null, null, List.of(chf()))), "UNRESOLVED_POSTCODE", "premises.postcode");
        PremisesSpec overridden = new PremisesSpec("ZZ99 9ZZ", null, "E07000033");
        PlannedPremises p = plan(new Request(overridden, null, null, null, List.of(chf()))).premises();
        assertThat(p.localAuthorityCode()).isEqualTo("E07000033");
        assertThat(p.regionCode()).isEqualTo("E12000004");
    }

    @Test
    void anOverrideWinsOverThePostcodesOwnLocalAuthority() {
        PlannedPremises p = InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", null, "E07000033"), reference, "");
        assertThat(p.localAuthorityCode()).isEqualTo("E07000033");
        assertThat(p.postcode()).isEqualTo("ME19 4AB");
    }

    @Test
    void anOverrideNotInTheReferenceDataIsRefused() {
        refused(() -> InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", null, "E07999999"), reference, "premises."),
                "UNKNOWN_LOCAL_AUTHORITY", "premises.localAuthorityOverride");
    }

    @Test
    void aBlankOverrideIsNoOverride() {
        assertThat(InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", null, " "), reference, "").localAuthorityCode())
                .isEqualTo("E07000115");
    }

    @Test
    void aUprnIsUpToTwelveDigitsTrimmedAndABlankOneIsNone() {
        assertThat(InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", " 100062628536 ", null), reference, "").uprn())
                .isEqualTo("100062628536");
        assertThat(InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", "7", null), reference, "").uprn()).isEqualTo("7");
        assertThat(InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", "  ", null), reference, "").uprn()).isNull();
        refused(() -> InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", "1000626285361", null), reference, "premises."),
                "INVALID_UPRN", "premises.uprn");
        refused(() -> InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", "10006262853A", null), reference, "premises."),
                "INVALID_UPRN", "premises.uprn");
    }

    // --- one device -------------------------------------------------------------------------

    @Test
    void aDeviceIdIsCanonicalisedToUpperCaseWithDashes() {
        assertThat(InstallationPlan.device(dev("00:db:12:34:56:78:90:a0", "chf", null), "").deviceId()).isEqualTo(CHF);
        assertThat(InstallationPlan.device(dev("00db1234567890a0", "CHF", null), "").deviceId()).isEqualTo(CHF);
    }

    @Test
    void aBadDeviceIdIsRefusedNamingItsPlaceInTheList() {
        invalidIdentifier(() -> InstallationPlan.device(dev("00-DB-12", "CHF", null), "devices[2]"), "INVALID_EUI64",
                "devices[2].deviceId");
        invalidIdentifier(() -> InstallationPlan.device(dev("FF-FF-FF-FF-FF-FF-FF-FF", "CHF", null), ""), "INVALID_EUI64",
                "deviceId");
    }

    @Test
    void anAbsentDeviceIsRequired() {
        refused(() -> InstallationPlan.device(null, "devices[0]"), "REQUIRED", "devices[0]");
        refused(() -> InstallationPlan.device(null, ""), "REQUIRED", null);
    }

    @Test
    void theDeviceTypeIsOneOfTheSmets2TypesInAnyCase() {
        assertThat(InstallationPlan.device(dev(IHD, " ihd ", null), "").type()).isEqualTo(DeviceType.IHD);
        refused(() -> InstallationPlan.device(dev(IHD, "METER", null), "devices[0]"), "INVALID_DEVICE_TYPE",
                "devices[0].deviceType");
        refused(() -> InstallationPlan.device(dev(IHD, null, null), ""), "INVALID_DEVICE_TYPE", "deviceType");
    }

    @Test
    void anElectricityMeterHasAValidMpanWhoseDistributorGivesItsArea() {
        PlannedDevice d = InstallationPlan.device(dev(ESME, "ESME", "11 0000 0000 017"), "");
        assertThat(d.mpxn()).isEqualTo(MPAN);
        assertThat(d.distributionArea()).isEqualTo(11);
        assertThat(d.fuel()).isEqualTo("ELECTRICITY");
        invalidIdentifier(() -> InstallationPlan.device(dev(ESME, "ESME", "1100000000018"), "devices[1]"), "INVALID_MPAN",
                "devices[1].mpxn");
        invalidIdentifier(() -> InstallationPlan.device(dev(ESME, "ESME", null), ""), "INVALID_MPAN", "mpxn");
        // an MPRN is not an MPAN
        invalidIdentifier(() -> InstallationPlan.device(dev(ESME, "ESME", MPRN), ""), "INVALID_MPAN", "mpxn");
    }

    @Test
    void aGasMeterHasAnMprnAndNoDistributionArea() {
        PlannedDevice d = InstallationPlan.device(dev(GSME, "GSME", " " + MPRN + " "), "");
        assertThat(d.mpxn()).isEqualTo(MPRN);
        assertThat(d.distributionArea()).isNull();
        assertThat(d.fuel()).isEqualTo("GAS");
        invalidIdentifier(() -> InstallationPlan.device(dev(GSME, "GSME", MPAN), "devices[0]"), "INVALID_MPRN",
                "devices[0].mpxn");
        invalidIdentifier(() -> InstallationPlan.device(dev(GSME, "GSME", "0000"), ""), "INVALID_MPRN", "mpxn");
    }

    @Test
    void aDeviceThatMetersNothingHasNoMeteringPointNorFuel() {
        for (String type : List.of("CHF", "GPF", "PPMID", "HCALCS", "IHD", "CAD")) {
            PlannedDevice d = InstallationPlan.device(dev(IHD, type, " "), "");
            assertThat(d.mpxn()).as(type).isNull();
            assertThat(d.fuel()).as(type).isNull();
            refused(() -> InstallationPlan.device(dev(IHD, type, MPAN), "devices[0]"), "MPXN_NOT_APPLICABLE", "devices[0].mpxn");
        }
    }

    @Test
    void aGivenFuelMustBeTheOneTheDeviceMetersInAnyCase() {
        assertThat(InstallationPlan.device(new DeviceSpec(ESME, "ESME", MPAN, " electricity ", null, null, null, null), "")
                .fuel()).isEqualTo("ELECTRICITY");
        assertThat(InstallationPlan.device(new DeviceSpec(GSME, "GSME", MPRN, "Gas", null, null, null, null), "").fuel())
                .isEqualTo("GAS");
        assertThatThrownBy(() -> InstallationPlan.device(new DeviceSpec(ESME, "ESME", MPAN, "GAS", null, null, null, null),
                "devices[1]")).isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo("FUEL_MISMATCH");
                    assertThat(e.field()).isEqualTo("devices[1].fuel");
                    assertThat(e.getMessage()).contains("ELECTRICITY");
                });
        refused(() -> InstallationPlan.device(new DeviceSpec(CHF, "CHF", null, "ELECTRICITY", null, null, null, null), ""),
                "FUEL_MISMATCH", "fuel");
        assertThat(InstallationPlan.device(new DeviceSpec(CHF, "CHF", null, "", null, null, null, null), "").fuel()).isNull();
    }

    @Test
    void aDeviceKeepsItsDescriptionAndIsSmets2UnlessSaidOtherwise() {
        PlannedDevice d = InstallationPlan.device(esme(), "");
        assertThat(d.manufacturer()).isEqualTo("Acme");
        assertThat(d.model()).isEqualTo("M1");
        assertThat(d.firmwareVersion()).isEqualTo("1.0");
        assertThat(d.smetsVersion()).isEqualTo("SMETS2");
        assertThat(InstallationPlan.device(new DeviceSpec(CHF, "CHF", null, null, null, null, null, "SMETS1"), "").smetsVersion())
                .isEqualTo("SMETS1");
    }

    @Test
    void aSingleDeviceIsCheckedWithoutAssociations() {
        PlannedDevice d = InstallationPlan.device(esme(), "");
        assertThat(d.chfId()).isNull();
        assertThat(d.gpfId()).isNull();
        assertThat(d.meterId()).isNull();
    }

    // --- the devices together ---------------------------------------------------------------

    @Test
    void aDualFuelInstallationAssociatesEachDeviceWithItsHubProxyAndMeter() {
        Plan p = plan(request(chf(), esme(), dev(GPF, "GPF", null), dev(GSME, "GSME", MPRN), dev(IHD, "IHD", null)));
        assertThat(p.devices()).extracting(PlannedDevice::deviceId).containsExactly(CHF, ESME, GPF, GSME, IHD);
        assertThat(only(p, CHF).chfId()).isNull();
        for (String id : List.of(ESME, GPF, GSME, IHD)) {
            assertThat(only(p, id).chfId()).as(id).isEqualTo(CHF);
        }
        assertThat(only(p, GSME).gpfId()).isEqualTo(GPF);
        assertThat(only(p, ESME).gpfId()).isNull();
        assertThat(only(p, IHD).meterId()).isEqualTo(ESME);
        assertThat(only(p, ESME).meterId()).isNull();
        assertThat(only(p, ESME).distributionArea()).isEqualTo(11);
    }

    @Test
    void aHanDeviceInAGasOnlyInstallationIsPairedWithTheGasMeter() {
        Plan p = plan(request(chf(), dev(GPF, "GPF", null), dev(GSME, "GSME", MPRN), dev(IHD, "PPMID", null)));
        assertThat(only(p, IHD).meterId()).isEqualTo(GSME);
    }

    @Test
    void everyHanDeviceTypeIsPairedWithAMeter() {
        for (String type : List.of("IHD", "PPMID", "CAD", "HCALCS")) {
            Plan p = plan(request(chf(), esme(), dev(IHD, type, null)));
            assertThat(only(p, IHD).meterId()).as(type).isEqualTo(ESME);
        }
    }

    @Test
    void aMeterOrGasProxyNeedsTheCommsHubInTheSameInstallation() {
        refused(() -> plan(request(esme())), "CHF_REQUIRED", "devices[0].deviceType");
        refused(() -> plan(request(dev(IHD, "IHD", null), dev(GPF, "GPF", null))), "CHF_REQUIRED", "devices[1].deviceType");
    }

    @Test
    void aGasMeterNeedsAGasProxy() {
        refused(() -> plan(request(chf(), dev(GSME, "GSME", MPRN))), "GPF_REQUIRED", "devices[1].deviceType");
    }

    @Test
    void aCommsHubAloneIsAnInstallation() {
        Plan p = plan(request(chf()));
        assertThat(p.devices()).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(DeviceType.CHF);
            assertThat(d.chfId()).isNull();
        });
    }

    @Test
    void anInstallationHasOneCommsHub() {
        refused(() -> plan(request(chf(), esme(), dev(IHD, "CHF", null))), "ONE_CHF_PER_PREMISES", "devices[2].deviceType");
    }

    @Test
    void aDeviceAppearsOnceWhateverTheFormOfItsId() {
        refused(() -> plan(request(chf(), esme(), dev("00:db:12:34:56:78:90:a1", "IHD", null))), "DUPLICATE_DEVICE",
                "devices[2].deviceId");
    }

    @Test
    void theFirstBadDeviceIsTheOneNamed() {
        invalidIdentifier(() -> plan(request(chf(), dev(ESME, "ESME", "1"), dev("x", "IHD", null))), "INVALID_MPAN",
                "devices[1].mpxn");
    }

    @Test
    void thePremisesAreCheckedBeforeTheDevices() {
        Consumer<Request> premisesFirst = r -> refused(() -> plan(r), "REQUIRED", "premises");
        premisesFirst.accept(new Request(null, null, null, null, List.of()));
        premisesFirst.accept(new Request(null, null, null, null, List.of(esme())));
    }
}
