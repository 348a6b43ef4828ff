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
    static Endpoints endpoints;

    @BeforeAll
    static void runTheStory() {
        endpoints = Endpoints.local(System.getProperty("meternet.keycloak", "http://127.0.0.1:8180"),
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
    void aServiceRequestGoesToTheHubAndTheMetersAnswerComesBackWithI0() {
        assertThat(story.serviceRequest().status()).isEqualTo(200);
        assertThat(story.serviceRequest().text("responseCode")).isEqualTo("I0");
        assertThat(story.serviceRequest().text("requestId")).startsWith("bright-energy:" + story.esmeId() + ":");
        assertThat(story.serviceRequest().body().path("request").path("response").path("importWh").asLong()).isEqualTo(1_234_600);
        assertThat(story.networkOperatorServiceRequest().status()).as("the network operator of the meter's area").isEqualTo(200);
        assertThat(story.otherSupplierServiceRequest().status()).isEqualTo(403);
        assertThat(story.otherSupplierServiceRequest().code()).isEqualTo("E4");
        assertThat(story.outsideAreaServiceRequest().status()).as("a network operator outside the meter's area").isEqualTo(403);
        assertThat(story.outsideAreaServiceRequest().code()).isEqualTo("E4");
        assertThat(story.serviceRequestsReported()).as("both completions reach the service-request report").isGreaterThanOrEqualTo(2);
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

    @Test
    void anOperatorRebuildsMessagingsDeviceProjectionFromInstallationServicesEvents() throws Exception {
        String messagingDb = "jdbc:postgresql://127.0.0.1:5432/meternet_messaging?user=postgres";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(messagingDb);
                java.sql.PreparedStatement lose = c.prepareStatement("delete from device_projection where device_id = ?");
                java.sql.PreparedStatement find = c.prepareStatement("select status from device_projection where device_id = ?")) {
            lose.setString(1, story.esmeId());
            assertThat(lose.executeUpdate()).isEqualTo(1); // the projection lost a row

            String rebuild = "/api/v1/projection/rebuild?after=" + storyFirstSequence();
            Api api = new Api(endpoints);
            Api.Reply refused = api.post(api.devToken("bright-energy-api"), rebuild, java.util.Map.of());
            assertThat(refused.status()).isEqualTo(403);
            Api.Reply rebuilt = api.post(api.devToken("meternet-ops-api"), rebuild, java.util.Map.of());
            assertThat(rebuilt.status()).isEqualTo(200);
            assertThat(rebuilt.body().get("eventsApplied").asLong()).isPositive();
            assertThat(rebuilt.body().get("devices").asLong()).isGreaterThanOrEqualTo(2);

            find.setString(1, story.esmeId());
            try (java.sql.ResultSet rs = find.executeQuery()) {
                assertThat(rs.next()).as("the meter is back in the projection").isTrue();
                assertThat(rs.getString(1)).isEqualTo("COMMISSIONED");
            }
        }
    }

    @Test
    void anOperatorRebuildsTheRolloutReadModelFromInstallationServicesEvents() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/meternet_reporting?user=postgres");
                java.sql.PreparedStatement lose = c.prepareStatement("delete from commissioned_meter where device_id = ?");
                java.sql.PreparedStatement find = c.prepareStatement("select local_authority_code from commissioned_meter where device_id = ?")) {
            lose.setString(1, story.esmeId());
            assertThat(lose.executeUpdate()).isEqualTo(1); // the read model lost the story's meter

            Api api = new Api(endpoints);
            String rebuild = "/api/v1/reports/rebuild?source=installation&after=" + storyFirstSequence();
            Api.Reply rebuilt = api.post(api.devToken("meternet-ops-api"), rebuild, java.util.Map.of());
            assertThat(rebuilt.status()).isEqualTo(200);
            assertThat(rebuilt.body().get("eventsApplied").asLong()).isPositive();
            assertThat(api.post(api.devToken("meternet-ops-api"), "/api/v1/reports/rebuild?source=weather", java.util.Map.of())
                    .status()).isEqualTo(400);

            find.setString(1, story.esmeId());
            try (java.sql.ResultSet rs = find.executeQuery()) {
                assertThat(rs.next()).as("the meter is back in the roll-out").isTrue();
                assertThat(rs.getString(1)).isEqualTo(story.localAuthorityCode());
            }
        }
    }

    /** Just before the story's first event in installation-service: a machine that ran benchmarks holds millions. */
    static long storyFirstSequence() throws Exception {
        try (java.sql.Connection i = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/meternet_installation?user=postgres");
                java.sql.PreparedStatement first = i.prepareStatement("select min(sequence) - 1 from outbox where subject = ?")) {
            first.setString(1, story.chfId());
            try (java.sql.ResultSet rs = first.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
