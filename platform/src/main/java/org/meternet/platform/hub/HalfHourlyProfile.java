package org.meternet.platform.hub;

import java.time.Instant;
import java.util.List;

/**
 * Half-hourly profile data: the consumption of each half hour from {@code periodStart} (a half-hour
 * boundary), up to 48 intervals (a day); interval i covers periodStart + 30 min x i. Each list present
 * has one value per interval.
 */
public record HalfHourlyProfile(int schemaVersion, String kind, String messageId, String deviceId, Instant deviceTime,
        Instant periodStart, List<Long> importWh, List<Long> exportWh, List<Double> gasM3) implements HubMessage {
    public static final String KIND = "half-hourly-profile";
    public static final int MAX_INTERVALS = 48;

    public static HalfHourlyProfile of(String messageId, String deviceId, Instant deviceTime, Instant periodStart,
            List<Long> importWh, List<Long> exportWh, List<Double> gasM3) {
        return new HalfHourlyProfile(SCHEMA_VERSION, KIND, messageId, deviceId, deviceTime, periodStart, importWh, exportWh,
                gasM3);
    }

    public int intervals() {
        return importWh != null ? importWh.size() : exportWh != null ? exportWh.size() : gasM3 != null ? gasM3.size() : 0;
    }
}
