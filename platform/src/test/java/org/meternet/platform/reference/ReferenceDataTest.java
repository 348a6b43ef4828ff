package org.meternet.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.id.Postcode;

class ReferenceDataTest {
    static ReferenceData data;

    @BeforeAll
    static void load() {
        data = ReferenceData.load(Path.of("../data/reference"));
    }

    @Test
    void theSourcesChecksHold() {
        assertThat(data.localAuthorities()).hasSize(363);
        assertThat(data.localAuthority("E07000033").orElseThrow().households()).isEqualTo(35_262);
        long england = data.localAuthorities().stream().filter(la -> la.country().equals("England"))
                .mapToLong(LocalAuthority::households).sum();
        assertThat(england).isEqualTo(23_436_072);
    }

    @Test
    void quotedNamesWithCommasAreRead() {
        assertThat(data.localAuthorities()).anySatisfy(la -> assertThat(la.name()).contains(","));
    }

    @Test
    void postcodesResolveBySectorThenDistrict() {
        assertThat(data.localAuthorityOf(Postcode.parse("ME19 4AB")).orElseThrow().name()).isEqualTo("Tonbridge and Malling");
        assertThat(data.localAuthorityOf(Postcode.parse("S44 6JJ")).orElseThrow().name()).isEqualTo("Bolsover");
        assertThat(data.localAuthorityOf(Postcode.parse("ZZ99 9ZZ"))).isEmpty();
    }

    @Test
    void distributionAreasAreKeyedByDistributorId() {
        assertThat(data.distributionArea(11).orElseThrow().name()).isEqualTo("East Midlands");
        assertThat(data.distributionArea(24)).isEmpty();
    }

    @Test
    void aMissingDirectoryFailsWithAClearMessage() {
        assertThatThrownBy(() -> ReferenceData.load(Path.of("/nonexistent")))
                .hasMessageContaining("reference data missing").hasMessageContaining("meternet.reference-data.dir");
    }
}
