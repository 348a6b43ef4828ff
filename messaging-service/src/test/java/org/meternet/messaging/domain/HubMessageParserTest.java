package org.meternet.messaging.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meternet.messaging.domain.HubMessageParser.Parsed;
import org.meternet.messaging.domain.HubMessageParser.Rejected;
import org.meternet.platform.hub.DeviceAlert;
import org.meternet.platform.hub.RegisterRead;

class HubMessageParserTest {
    static final String READINGS = "meternet/v1/hubs/00-DB-00-00-00-00-00-01/up/00-DB-00-00-00-00-00-02/readings";
    static final String ALERTS = "meternet/v1/hubs/00-DB-00-00-00-00-00-01/up/00-DB-00-00-00-00-00-02/alerts";
    final HubMessageParser parser = new HubMessageParser(1024);

    HubMessageParser.Outcome parse(String topic, String json) {
        return parser.parse(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRegisterReadIsReadWithItsDeviceFromTheTopic() {
        var out = parse(READINGS, """
                {"schemaVersion":1,"kind":"register-read","messageId":"m1","deviceTime":"2026-11-28T10:00:00Z","importWh":5}""");
        assertThat(out).isInstanceOf(Parsed.class);
        assertThat(((Parsed) out).deviceId()).isEqualTo("00-DB-00-00-00-00-00-02");
        assertThat(((RegisterRead) ((Parsed) out).message()).importWh()).isEqualTo(5L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a register read from before any smart meter kept time | register-read | \"deviceTime\":\"0001-01-01T00:00:00Z\",\"importWh\":1 | deviceTime",
        "a register read from the far future | register-read | \"deviceTime\":\"+999999999-12-31T23:59:59Z\",\"importWh\":1 | deviceTime",
        "a day two days ahead | daily-read-log | \"deviceTime\":\"2026-11-29T00:00:00Z\",\"days\":[{\"date\":\"2026-12-02\",\"importWh\":1}] | days[0].date",
        "a profile starting in 4714 BC | half-hourly-profile | \"deviceTime\":\"2026-11-29T00:00:00Z\",\"periodStart\":\"-4713-11-24T00:00:00Z\",\"importWh\":[1] | periodStart"})
    void aTimeNoHubClockCouldGiveIsRefusedNamingTheField(String what, String kind, String members, String field) {
        var fixed = new HubMessageParser(1024, java.time.Clock.fixed(java.time.Instant.parse("2026-11-30T12:00:00Z"),
                java.time.ZoneOffset.UTC));
        var out = fixed.parse(READINGS, ("{\"schemaVersion\":1,\"kind\":\"" + kind + "\",\"messageId\":\"t\"," + members + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(out).as(what).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("IMPLAUSIBLE_TIME");
            assertThat(r.field()).isEqualTo(field);
        });
    }

    @Test
    void anAlertCodeIsAcceptedInEitherHexForm() {
        var out = parse(ALERTS, """
                {"schemaVersion":1,"kind":"alert","messageId":"a","deviceTime":"2026-11-28T10:00:00Z","alertCode":"0x8f35"}""");
        assertThat(((DeviceAlert) ((Parsed) out).message()).alertCode()).isEqualTo("0x8f35");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                 | {oops                                                                               | MALFORMED           |",
            "no kind                  | {\"schemaVersion\":1,\"messageId\":\"m\"}                                          | MALFORMED           | kind",
            "unknown kind             | {\"schemaVersion\":1,\"kind\":\"weather\"}                                          | UNKNOWN_KIND        | kind",
            "wrong type               | {\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"m\",\"deviceTime\":\"2026-11-28T10:00:00Z\",\"importWh\":\"x\"} | MALFORMED | importWh",
            "newer schema             | {\"schemaVersion\":2,\"kind\":\"register-read\",\"messageId\":\"m\",\"deviceTime\":\"2026-11-28T10:00:00Z\",\"importWh\":1} | UNSUPPORTED_VERSION | schemaVersion",
            "no messageId             | {\"schemaVersion\":1,\"kind\":\"register-read\",\"deviceTime\":\"2026-11-28T10:00:00Z\",\"importWh\":1} | MALFORMED | messageId",
            "no registers             | {\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"m\",\"deviceTime\":\"2026-11-28T10:00:00Z\"} | MALFORMED | importWh",
            "negative export          | {\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"m\",\"deviceTime\":\"2026-11-28T10:00:00Z\",\"exportWh\":-1} | MALFORMED | exportWh",
            "other device in payload  | {\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"m\",\"deviceId\":\"00-DB-00-00-00-00-00-09\",\"deviceTime\":\"2026-11-28T10:00:00Z\",\"importWh\":1} | DEVICE_MISMATCH | deviceId",
            "alert on readings topic  | {\"schemaVersion\":1,\"kind\":\"alert\",\"messageId\":\"m\",\"deviceTime\":\"2026-11-28T10:00:00Z\",\"alertCode\":\"8F35\"} | WRONG_TOPIC | kind",
            "day twice                | {\"schemaVersion\":1,\"kind\":\"daily-read-log\",\"messageId\":\"m\",\"deviceTime\":\"2026-11-28T10:00:00Z\",\"days\":[{\"date\":\"2026-11-27\",\"importWh\":1},{\"date\":\"2026-11-27\",\"importWh\":2}]} | MALFORMED | days[1].date",
            "negative interval        | {\"schemaVersion\":1,\"kind\":\"half-hourly-profile\",\"messageId\":\"m\",\"deviceTime\":\"2026-11-28T10:00:00Z\",\"periodStart\":\"2026-11-27T00:00:00Z\",\"importWh\":[1,-2]} | MALFORMED | importWh[1]"})
    void badInputIsRejectedWithItsCodeAndField(String why, String json, String code, String field) {
        var out = parse(READINGS, json);
        assertThat(out).as(why).isInstanceOf(Rejected.class);
        assertThat(((Rejected) out).code()).as(why).isEqualTo(code);
        assertThat(((Rejected) out).field()).as(why).isEqualTo(field);
    }

    @Test
    void anAlertWithoutAHexCodeAndAnOversizePayloadAreRejected() {
        var bad = parse(ALERTS, """
                {"schemaVersion":1,"kind":"alert","messageId":"a","deviceTime":"2026-11-28T10:00:00Z","alertCode":"outage"}""");
        assertThat(((Rejected) bad).field()).isEqualTo("alertCode");
        assertThat(((Rejected) parse(READINGS, "{\"x\":\"" + "y".repeat(2000) + "\"}")).code()).isEqualTo("OVERSIZE");
        assertThat(((Rejected) parse("meternet/v1/hubs/nothub/up/x/readings", "{}")).code()).isEqualTo("BAD_TOPIC");
    }
}
