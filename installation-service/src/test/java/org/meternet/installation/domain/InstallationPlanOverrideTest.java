package org.meternet.installation.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.meternet.installation.domain.InstallationPlan.PremisesSpec;
import org.meternet.platform.id.InvalidIdentifierException;
import org.meternet.platform.reference.ReferenceData;

class InstallationPlanOverrideTest {
    @Test
    void aMalformedOverrideIsRefusedNamingTheOverrideField() {
        ReferenceData reference = ReferenceData.load(Path.of("../data/reference"));
        assertThatThrownBy(() -> InstallationPlan.newPremises(new PremisesSpec("ME19 4AB", null, "X07000033"), reference, "premises."))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasFieldOrPropertyWithValue("field", "premises.localAuthorityOverride");
    }
}
