package org.meternet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through the real Keycloak, PostgreSQL, the platform broker and the four services
 * running as separate processes (started by `bin/meternet test`).
 */
class WalkingSkeletonIT {
    static DemoScenario scenario;
    static DemoScenario.Story story;

    @BeforeAll
    static void runTheStory() {
        Endpoints endpoints = Endpoints.local(System.getProperty("meternet.keycloak", "http://127.0.0.1:8180"),
                Path.of(System.getProperty("meternet.pki", "../var/pki")),
                Integer.getInteger("meternet.broker.port", 1884), Integer.getInteger("meternet.broker.tls-port", 8883));
        scenario = new DemoScenario(endpoints, line -> System.out.println("  - " + line));
        story = scenario.run();
    }

    @AfterAll
    static void close() {
        scenario.close();
    }

    @Test
    void thePremisesLocalAuthorityComesFromTheReferenceData() {
        assertThat(story.localAuthorityCode()).isEqualTo("E07000033");
        assertThat(story.localAuthorityName()).isEqualTo("Bolsover");
    }

    @Test
    void commissioningTheMeterRaisesTheLocalAuthorityCountByOne() {
        assertThat(story.metersAfter()).isEqualTo(story.metersBefore() + 1);
    }

    @Test
    void theHubsReadingIsStoredAndReturnedToTheSupplier() {
        assertThat(story.readingReturned().get("messageId").asText()).isEqualTo(story.readingMessageId());
        assertThat(story.readingReturned().get("importWh").asLong()).isEqualTo(story.readingImportWh());
        assertThat(story.certificateSerial()).isNotBlank();
    }

    @Test
    void anotherSupplierIsRefusedWithE4() {
        assertThat(story.otherSupplierReading().status()).isEqualTo(403);
        assertThat(story.otherSupplierReading().code()).isEqualTo("E4");
    }

    @Test
    void aRequestWithoutATokenIsRefusedWith401() {
        assertThat(story.noTokenReading().status()).isEqualTo(401);
    }

    @Test
    void aNetworkOperatorMayNotCommissionAMeter() {
        assertThat(story.networkOperatorCommission().status()).isEqualTo(403);
        assertThat(story.networkOperatorCommission().code()).isEqualTo("E2");
    }

    @Test
    void anIllegalStatusChangeIsRefusedWithE5AndTheCurrentStatus() {
        assertThat(story.illegalTransition().status()).isEqualTo(409);
        assertThat(story.illegalTransition().code()).isEqualTo("E5");
        assertThat(story.illegalTransition().text("currentStatus")).isEqualTo("COMMISSIONED");
    }

    @Test
    void aHubCannotPublishUnderAnotherHubsTopic() {
        assertThat(story.forgedTopicDropped()).isTrue();
    }
}
