package org.meternet.platform.hub;

import java.time.Instant;

/** A device alert, published on .../alerts: a GBCS alert code in hex (e.g. "8F35"), optional detail. */
public record DeviceAlert(int schemaVersion, String kind, String messageId, String deviceId, Instant deviceTime,
        String alertCode, String detail) implements HubMessage {
    public static final String KIND = "alert";

    public static DeviceAlert of(String messageId, String deviceId, Instant deviceTime, String alertCode, String detail) {
        return new DeviceAlert(SCHEMA_VERSION, KIND, messageId, deviceId, deviceTime, alertCode, detail);
    }
}
