package org.meternet.gateway.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a public API call goes and which service request variant it amounts to, so that the gateway can check the
 * caller's role (E2) before anything reaches a service.
 *
 * <p>Calls are matched against the table of forwarded operations by their templates, segment by segment, and the
 * path sent upstream is rebuilt from the template and the validated parameters: nothing a caller puts in a path
 * (an encoded slash, a dot segment, an encoded question mark, a NUL) can change which upstream resource is called.
 */
public record Route(Target target, Optional<String> srv, String template) {
    public enum Target { INSTALLATION, MESSAGING, REPORTING }

    /**
     * What a path parameter may hold: device ids (EUI-64 text form), UUIDs, MPxNs, local authority codes. An
     * alphanumeric first character rules out dot segments.
     */
    static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    /** One operation the gateway forwards: method, template under /api/v1, owning service, the SRV it amounts to. */
    record Operation(String method, String template, Target target, Function<String, Optional<String>> srv) {
        List<String> segments() {
            return Arrays.asList(template.split("/"));
        }
    }

    /** Literal templates before parametrised ones with the same shape (take-up/regions before take-up/{code}). */
    static final List<Operation> OPERATIONS = List.of(
            op("POST", "devices", Target.INSTALLATION, "12.2"),
            op("GET", "devices", Target.INSTALLATION, "8.2"),
            op("GET", "devices/{deviceId}", Target.INSTALLATION, "8.2"),
            new Operation("POST", "devices/{deviceId}/status-changes", Target.INSTALLATION,
                    status -> Optional.of(srvForStatus(status))),
            op("POST", "devices/{deviceId}/supplier-changes", Target.INSTALLATION, "6.23"),
            op("GET", "devices/{deviceId}/status-history", Target.INSTALLATION, "8.2"),
            op("GET", "devices/{deviceId}/supplier-history", Target.INSTALLATION, "8.2"),
            op("POST", "devices/{deviceId}/certificate", Target.INSTALLATION, "6.23"),
            op("POST", "installations", Target.INSTALLATION, "8.1.1"),
            op("POST", "installations/bulk", Target.INSTALLATION, "8.1.1"),
            op("GET", "installations/{installationId}", Target.INSTALLATION, "8.2"),
            op("GET", "pki/ca.pem", Target.INSTALLATION, "8.2"),
            op("GET", "pki/crl.pem", Target.INSTALLATION, "8.2"),
            op("POST", "premises", Target.INSTALLATION, "12.2"),
            op("GET", "premises/{premisesId}", Target.INSTALLATION, "8.2"),
            op("GET", "devices/{deviceId}/readings", Target.MESSAGING, "4.8.1"),
            op("GET", "devices/{deviceId}/connectivity", Target.MESSAGING, "8.2"),
            op("GET", "metering-points/{mpxn}/consent", Target.MESSAGING, null),
            op("PUT", "metering-points/{mpxn}/consent", Target.MESSAGING, null),
            op("GET", "traffic", Target.MESSAGING, null),
            op("POST", "projection/rebuild", Target.MESSAGING, null),
            op("POST", "reports/rebuild", Target.REPORTING, null),
            op("POST", "reports/rebuild/cube", Target.REPORTING, null),
            op("GET", "reports/rollout", Target.REPORTING, null),
            op("GET", "reports/milestones", Target.REPORTING, null),
            op("GET", "reports/service-requests", Target.REPORTING, null),
            op("GET", "reports/traffic", Target.REPORTING, null),
            op("GET", "reports/traffic/daily", Target.REPORTING, null),
            op("GET", "reports/take-up", Target.REPORTING, null),
            op("GET", "reports/take-up/regions", Target.REPORTING, null),
            op("GET", "reports/take-up/{localAuthorityCode}", Target.REPORTING, null),
            op("GET", "reports/forecast", Target.REPORTING, null),
            op("GET", "reports/press-release", Target.REPORTING, null));

    /** The outcome of matching a call's path. */
    public sealed interface Resolution {
    }

    /** A forwarded operation; {@code upstreamPath} is rebuilt from the template, every segment re-encoded. */
    public record Found(Route route, String upstreamPath) implements Resolution {
    }

    /** The path has the shape of an operation but a parameter holds what no identifier holds. */
    public record BadParameter(String parameter, String template) implements Resolution {
    }

    /** No operation of the public API has this method and shape. */
    public record NoOperation() implements Resolution {
    }

    /**
     * @param method       the HTTP method
     * @param rawPath      the path under /api/v1 as the caller sent it (still percent-encoded), no leading slash
     * @param targetStatus for a status change, the status asked for (from the body)
     */
    public static Resolution resolve(String method, String rawPath, String targetStatus) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            String decoded = decode(raw);
            if (decoded == null) {
                return new NoOperation();
            }
            segments.add(decoded);
        }
        BadParameter bad = null;
        for (Operation op : OPERATIONS) {
            if (!op.method().equals(method)) {
                continue;
            }
            List<String> template = op.segments();
            if (template.size() != segments.size() || !literalsMatch(template, segments)) {
                continue;
            }
            String invalid = invalidParameter(template, segments);
            if (invalid != null) {
                bad = bad == null ? new BadParameter(invalid, op.template()) : bad;
                continue;
            }
            StringBuilder upstream = new StringBuilder();
            for (String s : segments) {
                upstream.append('/').append(encode(s));
            }
            return new Found(new Route(op.target(), op.srv().apply(targetStatus), op.template()), upstream.substring(1));
        }
        return bad != null ? bad : new NoOperation();
    }

    /** The route of a concrete, unencoded path (the audit trail's view of a call), if it is an operation. */
    public static Optional<Route> of(String method, String path, String targetStatus) {
        return resolve(method, encodePath(path), targetStatus) instanceof Found f ? Optional.of(f.route()) : Optional.empty();
    }

    /** The route of an operation named by its template, parameters in braces ({@code devices/{id}/readings}). */
    public static Optional<Route> ofTemplate(String method, String template) {
        String shape = shape(template);
        return OPERATIONS.stream()
                .filter(op -> op.method().equals(method) && shape(op.template()).equals(shape))
                .findFirst()
                .map(op -> new Route(op.target(), op.srv().apply(null), op.template()));
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

    private static Operation op(String method, String template, Target target, String srv) {
        return new Operation(method, template, target, status -> Optional.ofNullable(srv));
    }

    private static boolean isParameter(String templateSegment) {
        return templateSegment.startsWith("{");
    }

    private static boolean literalsMatch(List<String> template, List<String> segments) {
        for (int i = 0; i < template.size(); i++) {
            if (!isParameter(template.get(i)) && !template.get(i).equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String invalidParameter(List<String> template, List<String> segments) {
        for (int i = 0; i < template.size(); i++) {
            if (isParameter(template.get(i)) && !PARAMETER.matcher(segments.get(i)).matches()) {
                return template.get(i).substring(1, template.get(i).length() - 1);
            }
        }
        return null;
    }

    private static String shape(String template) {
        return template.replaceFirst("^/?(api/v1/)?", "").replaceAll("\\{[^}/]*}", "{}");
    }

    /** Strict percent-decoding of one segment; null when the encoding is malformed. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= raw.length()) {
                return null;
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters (and ':'), so a segment stays one segment. */
    static String encode(String segment) {
        StringBuilder b = new StringBuilder(segment.length());
        for (byte x : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    private static String encodePath(String path) {
        StringBuilder b = new StringBuilder();
        for (String s : path.split("/", -1)) {
            b.append('/').append(encode(s));
        }
        return b.substring(1);
    }
}
