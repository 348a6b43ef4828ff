package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternet.platform.reference.LocalAuthority;

class GeographyTest {
    static final LocalAuthority ALLERDALE = new LocalAuthority("E07000026", "Allerdale", "E12000002", "North West", "England", 43_970, "LSOA sums");
    static final LocalAuthority CARLISLE = new LocalAuthority("E07000028", "Carlisle", "E12000002", "North West", "England", 50_663, "LSOA sums");
    static final LocalAuthority COPELAND = new LocalAuthority("E07000029", "Copeland", "E12000002", "North West", "England", 30_782, "LSOA sums");
    static final LocalAuthority BOLSOVER = new LocalAuthority("E07000033", "Bolsover", "E12000004", "East Midlands", "England", 35_262, "TS041");

    static Geography geography() throws IOException {
        try (InputStream in = GeographyTest.class.getResourceAsStream("/geography/local-authority-successions.csv")) {
            return new Geography(List.of(ALLERDALE, CARLISLE, COPELAND, BOLSOVER),
                    Geography.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()));
        }
    }

    @Test
    void beforeApril2023TheCumbrianDistrictsStandAndAfterItCumberlandHasTheirHouseholds() throws IOException {
        Geography g = geography();
        assertThat(g.authoritiesAt(LocalDate.of(2023, 3, 31))).extracting(LocalAuthority::code)
                .containsExactly("E07000026", "E07000028", "E07000029", "E07000033");
        List<LocalAuthority> after = g.authoritiesAt(LocalDate.of(2023, 4, 1));
        assertThat(after).extracting(LocalAuthority::code).containsExactly("E07000033", "E06000063");
        assertThat(after.get(1).households()).isEqualTo(43_970 + 50_663 + 30_782);
        assertThat(after.get(1).householdsSource()).startsWith("the sum of its predecessors (Allerdale, Carlisle, Copeland)");
    }

    @Test
    void anInstallationKeepsItsCodeAndCountsForTheAuthorityValidAtTheReportsDate() throws IOException {
        Geography g = geography();
        assertThat(g.codeAt("E07000026", LocalDate.of(2022, 6, 1))).isEqualTo("E07000026");
        assertThat(g.codeAt("E07000026", LocalDate.of(2024, 6, 1))).isEqualTo("E06000063");
        assertThat(g.codeAt("E07000033", LocalDate.of(2024, 6, 1))).isEqualTo("E07000033");
        assertThat(g.whyNotValid("E07000026", LocalDate.of(2024, 6, 1))).contains(
                "Allerdale (E07000026) was replaced by Cumberland (E06000063) on 2023-04-01");
        assertThat(g.whyNotValid("E06000063", LocalDate.of(2022, 6, 1))).contains("Cumberland (E06000063) was created on 2023-04-01");
        assertThat(g.whyNotValid("E07000033", LocalDate.of(2024, 6, 1))).isEmpty();
    }
}
