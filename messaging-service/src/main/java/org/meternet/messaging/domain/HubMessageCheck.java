package org.meternet.messaging.domain;

import org.meternet.platform.projection.KnownDevice;

/**
 * Whether the SMI lets a hub's message in: the device must be known, commissioned, and on the
 * home area network of the hub that published it (or be that hub).
 */
public final class HubMessageCheck {
    private HubMessageCheck() {
    }

    public record Verdict(boolean accepted, String code, String reason) {
        public static final Verdict ACCEPT = new Verdict(true, null, null);

        static Verdict reject(String code, String reason) {
            return new Verdict(false, code, reason);
        }
    }

    public static Verdict check(KnownDevice device, String topicDeviceId, String publishingHub) {
        if (device == null) {
            return Verdict.reject("E19", "device " + topicDeviceId + " is not in the Smart Metering Inventory");
        }
        boolean isTheHub = device.deviceId().equals(publishingHub);
        if (!isTheHub && !publishingHub.equals(device.chfId())) {
            return Verdict.reject("WRONG_HUB", "device " + device.deviceId() + " is associated with hub "
                    + device.chfId() + ", not " + publishingHub);
        }
        if (!"COMMISSIONED".equals(device.status())) {
            return Verdict.reject("E5", "device " + device.deviceId() + " is " + device.status() + ", not COMMISSIONED");
        }
        return Verdict.ACCEPT;
    }
}
