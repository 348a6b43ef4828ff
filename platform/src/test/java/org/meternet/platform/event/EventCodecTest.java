package org.meternet.platform.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.EventCodec.MalformedEventException;
import org.meternet.platform.id.DeviceId;

class EventCodecTest {

    @Test
    void anEnvelopeSurvivesTheRoundTripWithItsPayload() {
        Instant historical = Instant.parse("2019-05-21T10:15:00Z");
        EventEnvelope event = EventEnvelope.of(EventType.DEVICE_COMMISSIONED, historical, "installation",
                "00-DB-12-34-56-78-90-A0", Map.of("deviceType", "ESME", "localAuthorityCode", "E07000033"))
                .withSequence(42);

        EventEnvelope back = EventCodec.decodeReadable(EventCodec.encode(event));

        assertThat(back).isEqualTo(event);
        assertThat(back.type()).isEqualTo("device.commissioned");
        assertThat(back.occurredAt()).isEqualTo(historical);
        assertThat(back.sequence()).isEqualTo(42);
        assertThat(back.data().get("localAuthorityCode").asText()).isEqualTo("E07000033");
    }

    @Test
    void theWireFormatUsesIsoTimesAndTheFieldNamesOfTheDesign() {
        String json = EventCodec.encodeToString(EventEnvelope.of(EventType.DEVICE_COMMISSIONED,
                Instant.parse("2020-02-26T09:00:00Z"), "installation", "x", Map.of()));
        assertThat(json).contains("\"occurredAt\":\"2020-02-26T09:00:00Z\"", "\"eventId\":", "\"version\":1",
                "\"source\":\"installation\"", "\"subject\":\"x\"", "\"data\":{}");
    }

    @Test
    void aVersionNewerThanTheConsumerKnowsIsRefused() {
        String json = """
                {"eventId":"6f1c1b8e-1111-4c1e-9b1e-000000000001","type":"device.commissioned","version":2,
                 "occurredAt":"2020-02-26T09:00:00Z","source":"installation","subject":"x","sequence":1,"data":{}}""";
        assertThatThrownBy(() -> EventCodec.decodeReadable(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void anUnknownTypeOrAMissingFieldIsRefused() {
        String unknown = """
                {"eventId":"6f1c1b8e-1111-4c1e-9b1e-000000000001","type":"meter.exploded","version":1,
                 "occurredAt":"2020-02-26T09:00:00Z","source":"installation","subject":"x","sequence":1,"data":{}}""";
        assertThatThrownBy(() -> EventCodec.decodeReadable(unknown.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"device.commissioned\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void hubTopicsAreBuiltAndParsedInOnePlace() {
        DeviceId chf = DeviceId.parse("00-DB-12-34-56-78-90-A0");
        DeviceId meter = DeviceId.parse("00-DB-12-34-56-78-90-A1");
        String topic = Topics.hubUp(chf, meter, Topics.HubMessageKind.READINGS);

        assertThat(topic).isEqualTo("meternet/v1/hubs/00-DB-12-34-56-78-90-A0/up/00-DB-12-34-56-78-90-A1/readings");
        assertThat(Topics.parseHubUp(topic)).contains(new Topics.HubTopic(chf, meter, Topics.HubMessageKind.READINGS));
        assertThat(Topics.parseHubUp("meternet/v1/hubs/nothex/up/00-DB-12-34-56-78-90-A1/readings")).isEmpty();
        assertThat(Topics.parseHubUp("meternet/v1/hubs/00-DB-12-34-56-78-90-A0/up/00-DB-12-34-56-78-90-A1/gossip")).isEmpty();
        assertThat(Topics.parseHubUp("meternet/v1/hubs/00-db-12-34-56-78-90-a0/up/00-DB-12-34-56-78-90-A1/alerts"))
                .contains(new Topics.HubTopic(chf, meter, Topics.HubMessageKind.ALERTS));
        for (String other : new String[] {"meternet/v1/hubs/00-DB-12-34-56-78-90-A0/down/00-DB-12-34-56-78-90-A1/readings",
                "meternet/v1/hubs/00-DB-12-34-56-78-90-A0/up/00-DB-12-34-56-78-90-A1/readings/more",
                "meternet/v1/hubs/00-DB-12-34-56-78-90-A0/up/00-DB-12-34-56-78-90-A1/readingsx",
                "meternet/v1/hubs/00-DB-12-34-56-78-90-A0/up/00-DB-12-34-56-78-90-A1", "meternet/v1/hubs/", "meternet/v1/hubsX/a/up/b/readings",
                "other/v1/hubs/00-DB-12-34-56-78-90-A0/up/00-DB-12-34-56-78-90-A1/readings"}) {
            assertThat(Topics.parseHubUp(other)).as(other).isEmpty();
        }
        assertThat(Topics.shared("ingest", Topics.allHubsUp(Topics.HubMessageKind.READINGS)))
                .isEqualTo("$share/ingest/meternet/v1/hubs/+/up/+/readings");
        assertThat(Topics.responsesTo(Topics.hubDown(chf, meter))).isEqualTo(Topics.hubUp(chf, meter, Topics.HubMessageKind.RESPONSES));
        assertThatThrownBy(() -> Topics.responsesTo(topic)).isInstanceOf(IllegalArgumentException.class);
    }
}
