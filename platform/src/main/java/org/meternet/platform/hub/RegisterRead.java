package org.meternet.platform.hub;

import java.time.Instant;

/** Register reads of one device at the device's time: cumulative import and export (Wh), gas (m3). */
public record RegisterRead(int schemaVersion, String kind, String messageId, String deviceId, Instant deviceTime,
        Long importWh, Long exportWh, Double gasM3) implements HubMessage {
    public static final String KIND = "register-read";

    public static RegisterRead of(String messageId, String deviceId, Instant deviceTime, Long importWh, Long exportWh,
            Double gasM3) {
        return new RegisterRead(SCHEMA_VERSION, KIND, messageId, deviceId, deviceTime, importWh, exportWh, gasM3);
    }
}
