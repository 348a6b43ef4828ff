package org.meternet.simulator.load;

import java.time.Instant;
import org.meternet.platform.id.MpanCore;
import org.meternet.simulator.Identifiers;

/**
 * The body of one installation as a supplier registers it through installation-service (POST /api/v1/installations):
 * a hub, an electricity meter and an in-home display, commissioned in one visit. A serial makes the identifiers; each
 * benchmark takes device id prefixes ({@code hubPrefix} and the two after it) and a distribution area of its own, so
 * that no two benchmarks' devices or MPANs collide.
 */
public record InstallationBodies(int hubPrefix, int distributor) {
    public static final int DEVICES = 3; // hub, electricity meter, in-home display

    public String json(long n) {
        String hub = Identifiers.deviceId(hubPrefix, n).value();
        String meter = Identifiers.deviceId(hubPrefix + 1, n).value();
        String ihd = Identifiers.deviceId(hubPrefix + 2, n).value();
        String stem = String.format("%02d%010d", distributor, n % 10_000_000_000L);
        String mpan = stem + MpanCore.checkDigit(stem);
        return "{\"premises\":{\"postcode\":\"S44 6JJ\"},\"installedAt\":\"" + Instant.parse("2019-05-21T10:00:00Z")
                + "\",\"devices\":[{\"deviceId\":\"" + hub + "\",\"deviceType\":\"CHF\"},{\"deviceId\":\"" + meter
                + "\",\"deviceType\":\"ESME\",\"mpxn\":\"" + mpan + "\"},{\"deviceId\":\"" + ihd
                + "\",\"deviceType\":\"IHD\"}]}";
    }
}
