package org.meternet.platform.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type the platform publishes, with the versions of its payload that consumers can
 * read. A producer always writes the current version; a consumer refuses a version it does not know
 * rather than misreading it.
 */
public enum EventType {
    DEVICE_PRE_NOTIFIED("device.pre-notified", "installation", 1),
    DEVICE_STATUS_CHANGED("device.status-changed", "installation", 1),
    DEVICE_COMMISSIONED("device.commissioned", "installation", 1),
    DEVICE_DECOMMISSIONED("device.decommissioned", "installation", 1),
    SUPPLIER_CHANGED("installation.supplier-changed", "installation", 1),
    HUB_CERTIFICATE_ISSUED("hub.certificate-issued", "installation", 1),
    HUB_CERTIFICATE_REVOKED("hub.certificate-revoked", "installation", 1),
    TRAFFIC_COUNTED("traffic.counted", "messaging", 1),
    ALERT_RAISED("alert.raised", "messaging", 1),
    SERVICE_REQUEST_COMPLETED("service-request.completed", "gateway", 1),
    ORGANISATION_QUARANTINED("organisation.quarantined", "gateway", 1);

    private final String wireName;
    private final String source;
    private final int currentVersion;

    EventType(String wireName, String source, int currentVersion) {
        this.wireName = wireName;
        this.source = source;
        this.currentVersion = currentVersion;
    }

    /** The name on the wire and in topics, e.g. {@code device.commissioned}. */
    public String wireName() {
        return wireName;
    }

    public String source() {
        return source;
    }

    public int currentVersion() {
        return currentVersion;
    }

    public boolean canRead(int version) {
        return version >= 1 && version <= currentVersion;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
