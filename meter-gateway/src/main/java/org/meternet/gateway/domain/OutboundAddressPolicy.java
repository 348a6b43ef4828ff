package org.meternet.gateway.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the gateway may send a request that a caller chose the destination of (webhooks): a server-side request
 * forgery guard. A URL is parsed with java.net ({@link #target}); its host is resolved once and every address it
 * resolves to is checked ({@link #resolve}); the caller then connects to the address that was checked, never to the
 * name again, so that a second lookup cannot swap an inside address in (DNS rebinding).
 *
 * <p>Refused: schemes other than https (and http when {@code httpsOnly} is off), user information, ports not listed,
 * URLs longer than {@code maxUrlLength}, numeric hosts in any form but the canonical dotted quad (0x7f000001,
 * 2130706433, 017700000001, 127.1: resolvers read these differently), and addresses that are not public unicast:
 * loopback, unspecified, "this network" 0/8, RFC 1918 private, CGNAT 100.64/10, link-local, IETF protocol and
 * documentation ranges, benchmarking, multicast, reserved and broadcast; in IPv6 anything outside global unicast
 * 2000::/3 (so unique-local fc00::/7, link-local, site-local, multicast, ::1 and ::), IPv4-compatible and SIIT forms,
 * Teredo, documentation, local-use NAT64, and the IPv4-mapped, NAT64 well-known-prefix (64:ff9b::/96) and 6to4 forms
 * of a refused IPv4 address; plus the configured {@code deniedNetworks} (the cluster's pod and service ranges).
 *
 * <p>{@code allowedTargets} ("127.0.0.1:18182", "[::1]:8443") are exact address and port pairs let through despite
 * the address and port rules: for tests that run a local receiver. Nothing else is let through.
 */
public final class OutboundAddressPolicy {
    public static final int DEFAULT_MAX_URL_LENGTH = 2048;

    /** A host whose last label is a number (decimal, or 0x hex) is read as an IPv4 address by URL parsers and resolvers. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /** Why a URL or an address was refused: a reason the registering caller may be told. */
    public enum Reason {
        MALFORMED, TOO_LONG, SCHEME, USERINFO, PORT, NUMERIC_FORM, ADDRESS, UNRESOLVED
    }

    /** A refusal, with a detail that names no resolved address (the caller learns nothing of the inside). */
    public static final class Refused extends Exception {
        private final Reason reason;

        public Refused(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** Name resolution, replaceable in tests: every address the name resolves to. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM_RESOLVER = InetAddress::getAllByName;

    /** An address range: the first {@code bits} bits of {@code prefix}. */
    public record Network(byte[] prefix, int bits) {
        public static Network parse(String cidr) {
            String s = cidr.trim();
            int slash = s.indexOf('/');
            byte[] address = literal(slash < 0 ? s : s.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an address range: " + cidr);
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not an address range: " + cidr);
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("not an address range: " + cidr);
                }
            }
            return new Network(address, bits);
        }

        public boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Network n && n.bits == bits && Arrays.equals(n.prefix, prefix);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(prefix) * 31 + bits;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Allowance(byte[] address, int port) {
        boolean matches(InetAddress a, int p) {
            return p == port && Arrays.equals(a.getAddress(), address);
        }
    }

    private record Range(Network network, String name) {
    }

    /** IPv4 ranges that are not public unicast (IANA special-purpose registry), with what they are. */
    private static final List<Range> V4_REFUSED = List.of(
            range("0.0.0.0/8", "the unspecified or \"this network\" range"),
            range("10.0.0.0/8", "a private (RFC 1918) range"),
            range("100.64.0.0/10", "the carrier-grade NAT range"),
            range("127.0.0.0/8", "the loopback range"),
            range("169.254.0.0/16", "the link-local range"),
            range("172.16.0.0/12", "a private (RFC 1918) range"),
            range("192.0.0.0/24", "the IETF protocol assignments range"),
            range("192.0.2.0/24", "a documentation range"),
            range("192.88.99.0/24", "the 6to4 relay anycast range"),
            range("192.168.0.0/16", "a private (RFC 1918) range"),
            range("198.18.0.0/15", "the benchmarking range"),
            range("198.51.100.0/24", "a documentation range"),
            range("203.0.113.0/24", "a documentation range"),
            range("224.0.0.0/4", "the multicast range"),
            range("255.255.255.255/32", "the broadcast address"),
            range("240.0.0.0/4", "the reserved range"));

    private static final Network V6_MAPPED = Network.parse("::ffff:0:0/96");
    private static final Network V6_COMPATIBLE = Network.parse("::/96");
    private static final Network V6_TRANSLATED = Network.parse("::ffff:0:0:0/96");
    private static final Network NAT64_WELL_KNOWN = Network.parse("64:ff9b::/96");
    private static final Network NAT64_LOCAL = Network.parse("64:ff9b:1::/48");
    private static final Network SIX_TO_FOUR = Network.parse("2002::/16");
    private static final Network TEREDO = Network.parse("2001::/32");
    private static final Network V6_DOCUMENTATION = Network.parse("2001:db8::/32");
    private static final Network V6_ORCHID = Network.parse("2001:10::/27");
    private static final Network V6_GLOBAL_UNICAST = Network.parse("2000::/3");

    private final boolean httpsOnly;
    private final Set<Integer> ports;
    private final List<Network> deniedNetworks;
    private final List<Allowance> allowances;
    private final int maxUrlLength;

    /**
     * @param httpsOnly      refuse http
     * @param ports          the ports a URL may name (or default to)
     * @param deniedNetworks further ranges refused, as CIDR ("10.96.0.0/12", "fd00:10::/64") or single addresses
     * @param allowedTargets exact "address:port" pairs let through despite the address and port rules (tests only)
     * @param maxUrlLength   the longest URL taken
     */
    public OutboundAddressPolicy(boolean httpsOnly, Collection<Integer> ports, Collection<String> deniedNetworks,
            Collection<String> allowedTargets, int maxUrlLength) {
        this.httpsOnly = httpsOnly;
        this.ports = Set.copyOf(ports);
        this.deniedNetworks = deniedNetworks.stream().filter(s -> !s.isBlank()).map(Network::parse).toList();
        this.allowances = allowedTargets.stream().filter(s -> !s.isBlank()).map(OutboundAddressPolicy::allowance).toList();
        this.maxUrlLength = maxUrlLength;
    }

    /** The production rules: https on port 443 only, nothing let through. */
    public static OutboundAddressPolicy strict() {
        return new OutboundAddressPolicy(true, Set.of(443), List.of(), List.of(), DEFAULT_MAX_URL_LENGTH);
    }

    public boolean hasAllowances() {
        return !allowances.isEmpty();
    }

    /** Parses the URL and checks its form, port and, when it names an address, the address. Makes no lookup. */
    public WebhookTarget target(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused(Reason.MALFORMED, "url is missing");
        }
        if (url.length() > maxUrlLength) {
            throw new Refused(Reason.TOO_LONG, "url is longer than " + maxUrlLength + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused(Reason.MALFORMED, "url is not a URL");
        }
        if (uri.getScheme() == null) {
            throw new Refused(Reason.MALFORMED, "url must be an absolute https URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused(Reason.SCHEME, "url must be an https URL");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new Refused(Reason.MALFORMED, "url must be an absolute https URL with a host");
        }
        if (scheme.equals("http") && httpsOnly) {
            throw new Refused(Reason.SCHEME, "url must be an https URL: http is not allowed");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw new Refused(Reason.USERINFO, "url must not carry a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            // java.net.URI takes 127.1 or 1.2.3.4.5 for no host (a name's last label starts with a letter)
            String authority = uri.getRawAuthority().replaceFirst(":[0-9]*$", "");
            if (NUMERIC_LABEL.matcher(authority.substring(authority.lastIndexOf('.') + 1)).matches()) {
                throw new Refused(Reason.NUMERIC_FORM, "url's host is a numeric address in a form other than a.b.c.d");
            }
            throw new Refused(Reason.MALFORMED, "url's host is not a host name or address");
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        if (!ports.contains(port) && allowances.stream().noneMatch(a -> a.port() == port)) {
            throw new Refused(Reason.PORT, "url's port " + port + " is not allowed (allowed: " + ports.stream().sorted().toList() + ")");
        }
        InetAddress literal = null;
        if (host.startsWith("[")) {
            String inside = host.substring(1, host.length() - 1);
            if (inside.contains("%")) {
                throw new Refused(Reason.MALFORMED, "url's IPv6 address must not name a zone");
            }
            byte[] bytes = literal(inside);
            if (bytes == null) {
                throw new Refused(Reason.MALFORMED, "url's host is not an IPv6 address");
            }
            literal = address(bytes);
            host = inside.toLowerCase(Locale.ROOT);
        } else {
            host = host.toLowerCase(Locale.ROOT);
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            String[] labels = name.split("\\.", -1);
            if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
                if (!DOTTED_QUAD.matcher(name).matches()) {
                    throw new Refused(Reason.NUMERIC_FORM, "url's host is a numeric address in a form other than a.b.c.d");
                }
                literal = address(literal(name));
                host = name;
            }
        }
        String requestUri = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        WebhookTarget target = new WebhookTarget(uri, https, host, port, requestUri, literal);
        if (literal != null) {
            check(literal, port);
        }
        return target;
    }

    /**
     * Resolves the target's host once (an address: no lookup) and checks every address it resolves to, so that a name
     * with one inside address among outside ones is refused as a whole. Returns the addresses, to connect to one of
     * them and to no other.
     */
    public List<InetAddress> resolve(WebhookTarget target, Resolver resolver) throws Refused {
        if (target.isLiteral()) {
            check(target.literal(), target.port());
            return List.of(target.literal());
        }
        InetAddress[] found;
        try {
            found = resolver.resolve(target.host());
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused(Reason.UNRESOLVED, "url's host does not resolve");
        }
        if (found == null || found.length == 0) {
            throw new Refused(Reason.UNRESOLVED, "url's host does not resolve");
        }
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : found) {
            check(a, target.port());
            out.add(address(a.getAddress())); // the bare address: no name for anything downstream to look up again
        }
        return out;
    }

    /** Refuses the address and port unless both may be connected to. */
    public void check(InetAddress address, int port) throws Refused {
        if (allowances.stream().anyMatch(a -> a.matches(address, port))) {
            return;
        }
        String why = refusedRange(address);
        if (why != null) {
            throw new Refused(Reason.ADDRESS, "url's host is or resolves to an address webhooks may not reach (" + why + ")");
        }
        if (!ports.contains(port)) {
            throw new Refused(Reason.PORT, "url's port " + port + " is not allowed");
        }
    }

    /** What refused range the address is in (its name, never the address), or null for a public unicast address. */
    public String refusedRange(InetAddress address) {
        byte[] b = address.getAddress();
        String builtIn = b.length == 4 ? refusedV4(b) : refusedV6(b);
        if (builtIn != null) {
            return builtIn;
        }
        byte[] embedded = b.length == 16 ? embeddedV4(b) : null;
        for (Network n : deniedNetworks) {
            if (n.contains(b) || embedded != null && n.contains(embedded)) {
                return "a network of the platform's own";
            }
        }
        return null;
    }

    private static String refusedV4(byte[] b) {
        for (Range r : V4_REFUSED) {
            if (r.network().contains(b)) {
                return r.name();
            }
        }
        return null;
    }

    private static String refusedV6(byte[] b) {
        if (V6_MAPPED.contains(b) || V6_TRANSLATED.contains(b)) {
            String inner = refusedV4(Arrays.copyOfRange(b, 12, 16));
            return inner == null ? null : "an IPv4-mapped form of " + inner;
        }
        if (V6_COMPATIBLE.contains(b)) {
            boolean loopback = b[15] == 1 && Arrays.equals(Arrays.copyOf(b, 15), new byte[15]);
            boolean unspecified = Arrays.equals(b, new byte[16]);
            return unspecified ? "the unspecified address" : loopback ? "the loopback address" : "the deprecated IPv4-compatible range";
        }
        if (NAT64_LOCAL.contains(b)) {
            return "the local-use NAT64 range";
        }
        if (NAT64_WELL_KNOWN.contains(b)) {
            String inner = refusedV4(Arrays.copyOfRange(b, 12, 16));
            return inner == null ? null : "a NAT64 form of " + inner;
        }
        if (SIX_TO_FOUR.contains(b)) {
            String inner = refusedV4(Arrays.copyOfRange(b, 2, 6));
            return inner == null ? null : "a 6to4 form of " + inner;
        }
        if (V6_DOCUMENTATION.contains(b)) {
            return "a documentation range";
        }
        if (TEREDO.contains(b)) {
            return "the Teredo range";
        }
        if (V6_ORCHID.contains(b)) {
            return "the ORCHID range";
        }
        if (!V6_GLOBAL_UNICAST.contains(b)) {
            int first = b[0] & 0xff;
            if (first == 0xff) {
                return "the multicast range";
            }
            if ((first & 0xfe) == 0xfc) {
                return "the unique-local range";
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
                return "the link-local range";
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "the site-local range";
            }
            return "a range outside global unicast";
        }
        return null;
    }

    /** The IPv4 address an IPv6 one carries in its mapped, translated, NAT64 or 6to4 form, else null. */
    private static byte[] embeddedV4(byte[] b) {
        if (V6_MAPPED.contains(b) || V6_TRANSLATED.contains(b) || NAT64_WELL_KNOWN.contains(b) || V6_COMPATIBLE.contains(b)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (SIX_TO_FOUR.contains(b)) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static Range range(String cidr, String name) {
        return new Range(Network.parse(cidr), name);
    }

    private static Allowance allowance(String target) {
        String s = target.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("an allowed target is address:port, not " + target);
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        byte[] address = literal(host);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an allowed target is address:port, not " + target);
        }
        if (address == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException("an allowed target is address:port, not " + target);
        }
        return new Allowance(address, port);
    }

    /**
     * The bytes of a canonical IPv4 dotted quad or an IPv6 literal, else null. Never a lookup: anything else is not
     * handed to InetAddress at all.
     */
    static byte[] literal(String s) {
        if (DOTTED_QUAD.matcher(s).matches()) {
            String[] parts = s.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return b;
        }
        if (s.indexOf(':') >= 0 && s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
            try {
                // with a colon and only hex digits, colons and dots this is an IPv6 literal: InetAddress makes no lookup
                byte[] b = InetAddress.getByName(s).getAddress();
                if (b.length == 4) {
                    // Java turns ::ffff:a.b.c.d into its IPv4 address; keep the IPv6 form that was written
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(b, 0, mapped, 12, 4);
                    return mapped;
                }
                return b;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
