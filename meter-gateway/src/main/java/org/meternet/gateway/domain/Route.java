package org.meternet.gateway.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a public API call goes and which service request variant it amounts to, so that the
 * gateway can check the caller's role (E2) before anything reaches a service.
 */
public record Route(Target target, Optional<String> srv) {
    public enum Target { INSTALLATION, MESSAGING, REPORTING }

    private static final Pattern DEVICE_SUB = Pattern.compile("^devices/[^/]+/([a-z-]+)$");
    private static final Pattern DEVICE = Pattern.compile("^devices/[^/]+$");
    private static final Pattern CONSENT = Pattern.compile("^metering-points/[^/]+/consent$");

    /**
     * @param path          the path under /api/v1, without a leading slash
     * @param targetStatus  for a status change, the status asked for (from the body)
     */
    public static Optional<Route> of(String method, String path, String targetStatus) {
        boolean get = "GET".equals(method);
        boolean post = "POST".equals(method);
        if (path.equals("devices") && post) {
            return route(Target.INSTALLATION, "12.2");
        }
        if (path.equals("devices") && get) {
            return route(Target.INSTALLATION, "8.2");
        }
        if ((path.equals("installations") || path.equals("installations/bulk")) && post) {
            return route(Target.INSTALLATION, "8.1.1");
        }
        if (path.startsWith("installations/") && get) {
            return route(Target.INSTALLATION, "8.2");
        }
        if (path.startsWith("pki/") && get) {
            return route(Target.INSTALLATION, "8.2");
        }
        if (DEVICE.matcher(path).matches() && get) {
            return route(Target.INSTALLATION, "8.2");
        }
        Matcher sub = DEVICE_SUB.matcher(path);
        if (sub.matches()) {
            switch (sub.group(1)) {
                case "status-history", "supplier-history":
                    return get ? route(Target.INSTALLATION, "8.2") : Optional.empty();
                case "supplier-changes":
                    return post ? route(Target.INSTALLATION, "6.23") : Optional.empty();
                case "status-changes":
                    return post ? route(Target.INSTALLATION, srvForStatus(targetStatus)) : Optional.empty();
                case "certificate":
                    return post ? route(Target.INSTALLATION, "6.23") : Optional.empty();
                case "readings":
                    return get ? route(Target.MESSAGING, "4.8.1") : Optional.empty();
                case "connectivity":
                    return get ? route(Target.MESSAGING, "8.2") : Optional.empty();
                default:
                    return Optional.empty();
            }
        }
        if (path.equals("premises") && post) {
            return route(Target.INSTALLATION, "12.2");
        }
        if (path.startsWith("premises/") && get) {
            return route(Target.INSTALLATION, "8.2");
        }
        if (CONSENT.matcher(path).matches() && (get || "PUT".equals(method))) {
            return Optional.of(new Route(Target.MESSAGING, Optional.empty()));
        }
        if ((path.equals("reports/rebuild") || path.equals("reports/rebuild/cube")) && post) {
            return Optional.of(new Route(Target.REPORTING, Optional.empty()));
        }
        if ((path.equals("traffic") && get) || (path.equals("projection/rebuild") && post)) {
            return Optional.of(new Route(Target.MESSAGING, Optional.empty()));
        }
        if (path.startsWith("reports/") && get) {
            return Optional.of(new Route(Target.REPORTING, Optional.empty()));
        }
        return Optional.empty();
    }

    /** Commissioning is 8.1.1, decommissioning 8.3, device-log changes 8.11; the rest is the operator's. */
    static String srvForStatus(String status) {
        if (status == null) {
            return "8.11";
        }
        return switch (status.trim().toUpperCase()) {
            case "COMMISSIONED" -> "8.1.1";
            case "DECOMMISSIONED" -> "8.3";
            case "WHITELISTED", "INSTALLED_NOT_COMMISSIONED", "PENDING", "WITHDRAWN" -> "8.11";
            default -> "operator";
        };
    }

    private static Optional<Route> route(Target t, String srv) {
        return Optional.of(new Route(t, Optional.of(srv)));
    }
}
