package org.meternet.platform.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;

class DeviceProjectionTest {
    static EventEnvelope event(String device, long sequence) {
        return EventEnvelope.of(EventType.DEVICE_COMMISSIONED, Instant.now(), "installation", device, java.util.Map.of("deviceId", device))
                .withSequence(sequence);
    }

    @Test
    void ofARunOfDeviceEventsOnlyEachDevicesNewestDecidesItsRowWhateverTheOrderTheyCameIn() {
        EventEnvelope a1 = event("A", 1);
        EventEnvelope b2 = event("B", 2);
        EventEnvelope a3 = event("A", 3);
        EventEnvelope c5 = event("C", 5);
        EventEnvelope c4 = event("C", 4); // a redelivery of an older one after a newer: the newer still decides
        assertThat(DeviceProjection.newestPerDevice(List.of(a1, b2, a3, c5, c4), EventEnvelope::subject)).containsExactly(a3, b2, c5);
        assertThat(DeviceProjection.newestPerDevice(List.of(), EventEnvelope::subject)).isEmpty();
    }
}
