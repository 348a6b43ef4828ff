package org.meternet.messaging.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meternet.platform.hub.AlertCatalogue.AlertType;
import org.meternet.platform.projection.KnownDevice;

/**
 * Who is entitled to a device's alert: the supplier registered when the alert was raised (its device time), not the
 * one registered when it is delivered, and the network operator of its area for outage and voltage alerts.
 */
public final class AlertRouting {
    private AlertRouting() {
    }

    /** The supplier registered at the alert's time; the projection's supplier of now only when no history is known. */
    public static String supplierAt(KnownDevice device, RegistrationHistory history, Instant alertTime) {
        if (history == null || history.isEmpty()) {
            return device.supplierOrg();
        }
        return history.supplierAt(alertTime);
    }

    public static List<String> entitled(KnownDevice device, RegistrationHistory history, Instant alertTime, AlertType type,
            Map<String, String> networkOperators) {
        return entitled(supplierAt(device, history, alertTime), device.distributionArea(), type, networkOperators);
    }

    public static List<String> entitled(String supplier, Integer distributionArea, AlertType type, Map<String, String> networkOperators) {
        List<String> orgs = new ArrayList<>(2);
        if (supplier != null) {
            orgs.add(supplier);
        }
        if (type.category().concernsNetworkOperator() && distributionArea != null) {
            String operator = networkOperators.get(String.valueOf(distributionArea));
            if (operator != null && !orgs.contains(operator)) {
                orgs.add(operator);
            }
        }
        return orgs;
    }
}
