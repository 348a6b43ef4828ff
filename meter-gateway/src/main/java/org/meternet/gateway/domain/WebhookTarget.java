package org.meternet.gateway.domain;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;

/**
 * A webhook URL as {@link OutboundAddressPolicy} parsed it with java.net: what the gateway will connect to and what it
 * will say. {@code host} is the name (lower case, IPv6 literals without brackets); {@code literal} is its address when
 * the URL names an address rather than a name (no lookup is made for it); {@code requestUri} is the raw path and query
 * sent in the request line. The fragment, if any, is never sent.
 */
public record WebhookTarget(URI uri, boolean https, String host, int port, String requestUri, InetAddress literal) {

    public boolean isLiteral() {
        return literal != null;
    }

    /** The URL's scheme's own port: the Host header then names no port. */
    public boolean defaultPort() {
        return port == (https ? 443 : 80);
    }

    /** The value of the Host header (and, for a name, the TLS server name): the URL's host, as the caller wrote it. */
    public String authority() {
        String h = literal instanceof Inet6Address ? "[" + host + "]" : host;
        return defaultPort() ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
