package org.meternet.messaging.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternet.messaging.domain.Consent.Granularity;
import org.meternet.messaging.domain.Consent.Level;

class ConsentTest {
    /** level -> granularities it allows, written out from docs/contracts.md rather than from the enums' order. */
    static final Map<Level, String> ALLOWS = Map.of(
            Level.MONTHLY, "monthly",
            Level.DAILY, "monthly daily",
            Level.HALF_HOURLY, "monthly daily half-hourly register");

    @Test
    void eachLevelAllowsItsOwnGranularityAndCoarserOnes() {
        for (Level level : Level.values()) {
            for (Granularity g : Granularity.values()) {
                boolean expected = (" " + ALLOWS.get(level) + " ").contains(" " + g.wireName() + " ");
                assertThat(level.allows(g)).as(level + " allows " + g).isEqualTo(expected);
            }
        }
    }

    @Test
    void registerReadsNeedHalfHourlyConsent() {
        assertThat(Granularity.REGISTER.needs()).isEqualTo(Level.HALF_HOURLY);
        assertThat(Level.DAILY.allows(Granularity.REGISTER)).isFalse();
    }

    @Test
    void withoutAChoiceDailyReadingIsAllowed() {
        assertThat(Level.DEFAULT).isEqualTo(Level.DAILY);
        assertThat(Level.DEFAULT.allows(Granularity.DAILY)).isTrue();
        assertThat(Level.DEFAULT.allows(Granularity.HALF_HOURLY)).isFalse();
    }

    @Test
    void theFinestGranularityOfALevelIsOneItAllows() {
        assertThat(Level.MONTHLY.finest()).isEqualTo(Granularity.MONTHLY);
        assertThat(Level.DAILY.finest()).isEqualTo(Granularity.DAILY);
        assertThat(Level.HALF_HOURLY.finest()).isEqualTo(Granularity.HALF_HOURLY);
        for (Level level : Level.values()) {
            assertThat(level.allows(level.finest())).as(level.name()).isTrue();
        }
    }

    @Test
    void aLevelIsReadInAnyCaseWithDashOrUnderscore() {
        assertThat(Level.parse("HALF_HOURLY")).contains(Level.HALF_HOURLY);
        assertThat(Level.parse("half-hourly")).contains(Level.HALF_HOURLY);
        assertThat(Level.parse("Half_Hourly")).contains(Level.HALF_HOURLY);
        assertThat(Level.parse("daily")).contains(Level.DAILY);
        assertThat(Level.parse("MONTHLY")).contains(Level.MONTHLY);
    }

    @Test
    void anUnknownOrAbsentLevelIsNone() {
        assertThat(Level.parse(null)).isEmpty();
        assertThat(Level.parse("")).isEmpty();
        assertThat(Level.parse("weekly")).isEmpty();
        assertThat(Level.parse("halfhourly")).isEmpty();
        assertThat(Level.parse("register")).isEmpty();
    }

    @Test
    void aGranularityIsReadByItsWireNameInAnyCase() {
        assertThat(Granularity.parse("half-hourly")).contains(Granularity.HALF_HOURLY);
        assertThat(Granularity.parse("HALF-HOURLY")).contains(Granularity.HALF_HOURLY);
        assertThat(Granularity.parse("Register")).contains(Granularity.REGISTER);
        assertThat(Granularity.parse("monthly")).contains(Granularity.MONTHLY);
        assertThat(Granularity.parse("daily")).contains(Granularity.DAILY);
    }

    @Test
    void aGranularityIsNotReadByItsJavaName() {
        assertThat(Granularity.parse("HALF_HOURLY")).isEmpty();
        assertThat(Granularity.parse(null)).isEmpty();
        assertThat(Granularity.parse("")).isEmpty();
        assertThat(Granularity.parse("hourly")).isEmpty();
    }

    @Test
    void wireNamesAreTheContractsOnes() {
        assertThat(Granularity.values()).extracting(Granularity::wireName)
                .containsExactly("monthly", "daily", "half-hourly", "register");
    }
}
