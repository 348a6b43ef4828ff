package org.meternet.messaging.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meternet.platform.projection.KnownDevice;
import org.meternet.platform.hub.AlertCatalogue.AlertType;

/** Who is entitled to a device's alert: its registered supplier, and its network operator for outage and voltage alerts. */
public final class AlertRouting {
    private AlertRouting() {
    }

    public static List<String> entitled(KnownDevice device, AlertType type, Map<String, String> networkOperators) {
        List<String> orgs = new ArrayList<>(2);
        if (device.supplierOrg() != null) {
            orgs.add(device.supplierOrg());
        }
        if (type.category().concernsNetworkOperator() && device.distributionArea() != null) {
            String operator = networkOperators.get(String.valueOf(device.distributionArea()));
            if (operator != null && !orgs.contains(operator)) {
                orgs.add(operator);
            }
        }
        return orgs;
    }
}
