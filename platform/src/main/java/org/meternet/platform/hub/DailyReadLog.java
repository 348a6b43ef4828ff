package org.meternet.platform.hub;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The meter's daily read log: the cumulative registers at the start of each day (up to 31 days, as
 * a SMETS2 meter keeps them), dated in the meter's local (GB) calendar.
 */
public record DailyReadLog(int schemaVersion, String kind, String messageId, String deviceId, Instant deviceTime,
        List<Day> days) implements HubMessage {
    public static final String KIND = "daily-read-log";
    public static final int MAX_DAYS = 31;

    public record Day(LocalDate date, Long importWh, Long exportWh, Double gasM3) {
    }

    public static DailyReadLog of(String messageId, String deviceId, Instant deviceTime, List<Day> days) {
        return new DailyReadLog(SCHEMA_VERSION, KIND, messageId, deviceId, deviceTime, days);
    }
}
