package org.meternet.platform.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTest {

    @ParameterizedTest
    @ValueSource(strings = {"00-DB-12-34-56-78-90-A0", "00db1234567890a0", "00:DB:12:34:56:78:90:a0", " 00-db-12-34-56-78-90-a0 "})
    void eui64AcceptsTheCommonFormsAndCanonicalises(String text) {
        assertThat(DeviceId.parse(text).value()).isEqualTo("00-DB-12-34-56-78-90-A0");
    }

    @Test
    void eui64InCanonicalFormIsTakenAsItIs() {
        String canonical = new String("00-DB-12-34-56-78-90-A0");
        assertThat(DeviceId.parse(canonical).value()).isSameAs(canonical);
        assertThat(DeviceId.parse("00-db-12-34-56-78-90-a0").value()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00-DB-12-34-56-78-90", "00-DB-12-34-56-78-90-A0-11", "00-DB-12-34-56-78-90-G0",
            "00-DB:12-34-56-78-90-A0", "00DB1234567890A", "00-00-00-00-00-00-00-00", "FF-FF-FF-FF-FF-FF-FF-FF"})
    void eui64RejectsWrongShapes(String text) {
        assertThatThrownBy(() -> DeviceId.parse(text, "chfId"))
                .isInstanceOf(InvalidIdentifierException.class)
                .satisfies(e -> {
                    assertThat(((InvalidIdentifierException) e).field()).isEqualTo("chfId");
                    assertThat(((InvalidIdentifierException) e).code()).isEqualTo(DeviceId.CODE);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2499999999991", "1100000000017", "1100123456782", "11 0012 3456 782"})
    void mpanCheckDigitVectorsFromTheDesignAreValid(String text) {
        assertThat(MpanCore.parse(text).value()).hasSize(13);
    }

    @Test
    void mpanWithAWrongCheckDigitIsRefusedNamingTheExpectedDigit() {
        assertThatThrownBy(() -> MpanCore.parse("2499999999990"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("expected 1");
    }

    @Test
    void everyCheckDigitButTheRightOneIsRefused() {
        String stem = "230000123456";
        int right = MpanCore.checkDigit(stem);
        for (int d = 0; d <= 9; d++) {
            String mpan = stem + d;
            if (d == right) {
                assertThat(MpanCore.parse(mpan).distributorId()).isEqualTo(23);
            } else {
                assertThatThrownBy(() -> MpanCore.parse(mpan)).isInstanceOf(InvalidIdentifierException.class);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123456789012", "12345678901234", "11000000000A7"})
    void mpanRejectsWrongShapes(String text) {
        assertThatThrownBy(() -> MpanCore.parse(text)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void mpanKnowsItsDistributionArea() {
        assertThat(MpanCore.parse("1100000000017").inLicensedDistributionArea()).isTrue();
        String independent = "240000000001";
        assertThat(MpanCore.parse(independent + MpanCore.checkDigit(independent)).inLicensedDistributionArea()).isFalse();
    }

    @Test
    void mprnTakesUpToTenDigits() {
        assertThat(Mprn.parse("1234567890").value()).isEqualTo("1234567890");
        assertThat(Mprn.parse("7").value()).isEqualTo("7");
        assertThatThrownBy(() -> Mprn.parse("12345678901")).isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> Mprn.parse("12345A")).isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> Mprn.parse("0000")).isInstanceOf(InvalidIdentifierException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ME19 4AB", "me194ab", "  ME19   4AB ", "Me19 4aB"})
    void postcodeIsNormalised(String text) {
        Postcode p = Postcode.parse(text);
        assertThat(p.value()).isEqualTo("ME19 4AB");
        assertThat(p.outward()).isEqualTo("ME19");
        assertThat(p.sector()).isEqualTo("ME19 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB", "S44 6JJ"})
    void postcodeAcceptsEveryOutwardShape(String text) {
        assertThat(Postcode.parse(text).value()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ME19", "ME19 4A", "1E19 4AB", "ME19 4CI", "ME194ABX", "ME19-4AB"})
    void postcodeRejectsWrongShapes(String text) {
        assertThatThrownBy(() -> Postcode.parse(text)).isInstanceOf(InvalidIdentifierException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"E06000001", "E07000033", "E08000025", "E09000001", "W06000015", "S12000033"})
    void localAuthorityCodesOfEveryKind(String text) {
        assertThat(LocalAuthorityCode.parse(text).value()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"E10000014", "E0700003", "E070000333", "N09000001", "e07000033"})
    void localAuthorityCodesOutsideTheSchemeAreRefused(String text) {
        assertThatThrownBy(() -> LocalAuthorityCode.parse(text)).isInstanceOf(InvalidIdentifierException.class);
    }
}
