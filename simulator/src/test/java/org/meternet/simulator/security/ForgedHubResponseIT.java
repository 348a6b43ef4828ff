package org.meternet.simulator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.platform.hub.HubResponse;
import org.meternet.platform.id.DeviceId;
import org.meternet.simulator.Api;
import org.meternet.simulator.Await;
import org.meternet.simulator.SimulatedHub;
import org.meternet.simulator.bench.Metrics;

/**
 * A hub with a valid certificate, through the real broker, tries to answer another organisation's service request:
 * on its own topic for its own meter, and on its own topic naming the victim's meter. Neither counts; the gateway
 * counts both as rejected, and the victim's request still waits for its own hub.
 */
class ForgedHubResponseIT {
    static Estate victim;
    static Estate attacker;
    static SimulatedHub hub;
    static Vertx vertx;

    @BeforeAll
    static void anAttackingHubWithItsCertificate() {
        victim = Estate.ofVoltSupply();
        attacker = Estate.create();
        vertx = Vertx.vertx();
        hub = new SimulatedHub(DeviceId.parse(attacker.hubId));
        Api.Reply cert = attacker.api.post(attacker.owner.token(), "/api/v1/devices/" + attacker.hubId + "/certificate",
                Map.of("csr", hub.certificateSigningRequest()));
        assertThat(cert.status()).as("the attacker's hub certificate: " + cert).isEqualTo(201);
        hub.installCertificate(cert.text("certificate"));
        hub.connect(vertx, attacker.endpoints);
    }

    @AfterAll
    static void close() {
        hub.close();
        vertx.close();
    }

    @Test
    void aHubCannotAnswerARequestThatWasNotSentToIt() throws Exception {
        // the victim's request goes to its own hub, which is offline: it waits (I99)
        Api.Reply request = victim.api.post(victim.owner.token(), "/api/v1/service-requests",
                Map.of("srv", "4.1.1", "deviceId", victim.meterId, "params", Map.of()));
        assertThat(request.status()).as(request.toString()).isEqualTo(202);
        String requestId = request.text("requestId");
        double rejectedBefore = rejected();

        var forged = new HubResponse(requestId, HubResponse.SUCCEEDED, "I0",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("importWh", 666));
        hub.publishResponse(DeviceId.parse(attacker.meterId), forged);
        hub.publishResponse(DeviceId.parse(victim.meterId), forged);

        Await.until("the gateway to count both forged responses as rejected", Duration.ofSeconds(20), () -> rejected(),
                n -> n >= rejectedBefore + 2);
        Api.Reply state = victim.api.get(victim.owner.token(), "/api/v1/service-requests/" + Estate.encode(requestId));
        assertThat(state.status()).isIn(200, 202);
        assertThat(state.body().path("request").path("state").asText()).as(state.toString()).isIn("QUEUED", "SENT");
        assertThat(state.body().toString()).doesNotContain("666");
    }

    /** What the gateway says it rejected of the hubs' responses (its metrics, on its management port). */
    static double rejected() {
        RawHttp.Reply metrics = RawHttp.send(Estate.GATEWAY + 1000, "GET", "/q/metrics", null, null, null);
        return Metrics.sum(metrics.body(), "meternet_gateway_hub_responses_rejected_total", null);
    }
}
