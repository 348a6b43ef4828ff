package org.meternet.platform.hub;

import java.time.Instant;

/**
 * What a hub publishes on .../up/&lt;deviceId&gt;/readings (schema version 1): register reads of
 * one device at the device's time. {@code messageId} is unique per device and makes redelivery
 * and hub retries harmless.
 */
public record ReadingMessage(int schemaVersion, String messageId, String deviceId, Instant deviceTime, Long importWh,
        Long exportWh, Double gasM3) {
    public static final int SCHEMA_VERSION = 1;
}
