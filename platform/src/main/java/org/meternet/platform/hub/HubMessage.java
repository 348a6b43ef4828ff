package org.meternet.platform.hub;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What a hub publishes under meternet/v1/hubs/&lt;chfId&gt;/up/&lt;deviceId&gt;/... (schema version 1,
 * docs/contracts.md). The {@code kind} property names the payload; {@code messageId} is unique per
 * device and makes redelivery and hub retries harmless; {@code deviceTime} is the device's clock.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "kind", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = RegisterRead.class, name = RegisterRead.KIND),
        @JsonSubTypes.Type(value = DailyReadLog.class, name = DailyReadLog.KIND),
        @JsonSubTypes.Type(value = HalfHourlyProfile.class, name = HalfHourlyProfile.KIND),
        @JsonSubTypes.Type(value = DeviceAlert.class, name = DeviceAlert.KIND)})
public sealed interface HubMessage permits RegisterRead, DailyReadLog, HalfHourlyProfile, DeviceAlert {
    int SCHEMA_VERSION = 1;

    int schemaVersion();

    String kind();

    String messageId();

    String deviceId();

    Instant deviceTime();
}
