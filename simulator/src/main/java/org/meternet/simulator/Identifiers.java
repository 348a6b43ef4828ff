package org.meternet.simulator;

import java.security.SecureRandom;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.id.MpanCore;

/** Fresh identifiers for simulated devices, valid by the platform's rules. */
public final class Identifiers {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {
    }

    public static DeviceId deviceId() {
        StringBuilder hex = new StringBuilder("00DB");
        for (int i = 0; i < 12; i++) {
            hex.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return DeviceId.parse(hex.toString());
    }

    /** A unique device id from a prefix octet and a serial, for generated fleets. */
    public static DeviceId deviceId(int prefix, long serial) {
        return DeviceId.parse(String.format("00DB%02X%010X", prefix & 0xFF, serial & 0xFFFFFFFFFFL));
    }

    /** A valid MPAN core in the given distribution area (10-23). */
    public static MpanCore mpan(int distributorId) {
        StringBuilder digits = new StringBuilder(String.format("%02d", distributorId));
        for (int i = 0; i < 10; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return MpanCore.parse(digits.toString() + MpanCore.checkDigit(digits.toString()));
    }
}
