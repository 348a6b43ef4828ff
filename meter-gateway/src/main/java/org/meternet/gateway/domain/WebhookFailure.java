package org.meternet.gateway.domain;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * What a webhook's owner is told of a failed delivery ({@code lastError}): a generic class of failure, never an
 * address, a port, an exception's text or the receiver's answer, so that a webhook cannot be used to learn which
 * inside ports answer. The full cause goes to the gateway's log only.
 */
public final class WebhookFailure {
    public static final String ADDRESS_NOT_ALLOWED = "address not allowed";
    public static final String URL_NOT_ALLOWED = "URL not allowed";
    public static final String HOST_NOT_FOUND = "host not found";
    public static final String CONNECTION_REFUSED = "connection refused";
    public static final String UNREACHABLE = "host unreachable";
    public static final String TIMED_OUT = "timed out";
    public static final String TLS_FAILED = "TLS handshake failed";
    public static final String CONNECTION_CLOSED = "connection closed by the receiver";
    public static final String FAILED = "delivery failed";

    private static final Set<String> CLASSES = Set.of(ADDRESS_NOT_ALLOWED, URL_NOT_ALLOWED, HOST_NOT_FOUND, CONNECTION_REFUSED, UNREACHABLE,
            TIMED_OUT, TLS_FAILED, CONNECTION_CLOSED, FAILED);
    private static final Pattern STATUS = Pattern.compile("HTTP [1-5][0-9][0-9] from the receiver( \\(redirects are not followed\\))?");

    private WebhookFailure() {
    }

    /** The receiver answered with a status other than 2xx. */
    public static String status(int status) {
        if (status < 100 || status > 599) {
            return FAILED;
        }
        return "HTTP " + status + " from the receiver" + (status / 100 == 3 ? " (redirects are not followed)" : "");
    }

    /** The class of a failure to deliver: the first cause in the chain that says one. */
    public static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutboundAddressPolicy.Refused r) {
                return switch (r.reason()) {
                    case ADDRESS -> ADDRESS_NOT_ALLOWED;
                    case UNRESOLVED -> HOST_NOT_FOUND;
                    default -> URL_NOT_ALLOWED;
                };
            }
            String name = t.getClass().getSimpleName();
            if (name.contains("Timeout") || name.contains("TimedOut")) {
                return TIMED_OUT;
            }
            if (t instanceof UnknownHostException) {
                return HOST_NOT_FOUND;
            }
            if (t instanceof NoRouteToHostException) {
                return UNREACHABLE;
            }
            if (t instanceof ConnectException) {
                String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
                return message.contains("timed out") ? TIMED_OUT : message.contains("unreachable") ? UNREACHABLE : CONNECTION_REFUSED;
            }
            if (t instanceof SSLException) {
                return TLS_FAILED;
            }
            if (t instanceof java.nio.channels.ClosedChannelException || name.equals("HttpClosedException")
                    || String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connection reset")
                    || String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connection was closed")) {
                return CONNECTION_CLOSED;
            }
        }
        return FAILED;
    }

    /** A stored lastError as it may be shown: one of the classes, else (written before these rules) the generic one. */
    public static String shown(String stored) {
        if (stored == null) {
            return null;
        }
        return CLASSES.contains(stored) || STATUS.matcher(stored).matches() ? stored : FAILED;
    }
}
