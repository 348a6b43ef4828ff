package org.meternet.messaging.api;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.SupplierChange;
import org.meternet.platform.event.Topics;
import org.meternet.platform.hub.RegisterRead;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.testing.BrokerWatch;
import org.meternet.platform.testing.DevTokens;
import org.meternet.platform.testing.Eventually;

/** Plays installation-service and the hubs on the real test broker, for messaging-service's tests. */
final class TelemetryFixture {
    static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());
    private static BrokerWatch broker;

    private TelemetryFixture() {
    }

    static synchronized BrokerWatch broker() {
        if (broker == null) {
            broker = new BrokerWatch("meternet/v1/events/messaging/#");
        }
        return broker;
    }

    static DeviceId newId() {
        String hex = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return DeviceId.parse("00DB" + hex);
    }

    /** A fresh valid MPAN (distributor 11) for a test's own metering point. */
    static String newMpan() {
        String first12 = "11" + String.format("%010d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000_000L));
        int[] w = {3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43};
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (first12.charAt(i) - '0') * w[i];
        }
        return first12 + (sum % 11 % 10);
    }

    static void installationEvent(EventType type, DeviceId device, String deviceType, String status, DeviceId chf, String mpxn)
            throws Exception {
        DeviceState state = new DeviceState(device.value(), deviceType, status, null, Instant.now(), chf == null ? null : chf.value(),
                mpxn, null, UUID.randomUUID().toString(), "S44 6JJ", "E07000033", "E12000004", 11, "bright-energy", "SMETS2");
        EventEnvelope e = EventEnvelope.of(type, Instant.now(), "installation", device.value(), state)
                .withSequence(SEQUENCE.incrementAndGet());
        broker().publish(Topics.event("installation", type.wireName()), EventCodec.encode(e));
    }

    /** installation-service's change of supplier: from {@code effectiveFrom} the gaining supplier is registered. */
    static void supplierChange(DeviceId meter, String losing, String gaining, Instant effectiveFrom) throws Exception {
        SupplierChange change = new SupplierChange(meter.value(), "ESME", losing, gaining, effectiveFrom, 11);
        EventEnvelope e = EventEnvelope.of(EventType.SUPPLIER_CHANGED, effectiveFrom, "installation", meter.value(), change)
                .withSequence(SEQUENCE.incrementAndGet());
        broker().publish(Topics.event("installation", EventType.SUPPLIER_CHANGED.wireName()), EventCodec.encode(e));
    }

    static void commission(DeviceId hub, DeviceId meter) throws Exception {
        commission(hub, meter, "1100123456782");
    }

    static void commission(DeviceId hub, DeviceId meter, String mpxn) throws Exception {
        installationEvent(EventType.DEVICE_COMMISSIONED, hub, "CHF", "COMMISSIONED", null, null);
        installationEvent(EventType.DEVICE_COMMISSIONED, meter, "ESME", "COMMISSIONED", hub, mpxn);
        Eventually.until("the meter to be accepted", () -> Boolean.TRUE.equals(given().auth().oauth2(DevTokens.of(DevTokens.SUPPLIER))
                .get("/api/v1/devices/" + meter + "/connectivity").then().extract().path("acceptsTraffic")));
    }

    static RegisterRead reading(DeviceId meter, long wh) {
        return reading(meter, wh, Instant.now());
    }

    static RegisterRead reading(DeviceId meter, long wh, Instant at) {
        return RegisterRead.of(UUID.randomUUID().toString(), meter.value(), at, wh, 0L, null);
    }

    static void publish(DeviceId hub, DeviceId meter, Object payload) throws Exception {
        publish(hub, meter, Topics.HubMessageKind.READINGS, payload);
    }

    static void publish(DeviceId hub, DeviceId meter, Topics.HubMessageKind kind, Object payload) throws Exception {
        broker().publish(Topics.hubUp(hub, meter, kind), EventCodec.MAPPER.writeValueAsBytes(payload));
    }
}
