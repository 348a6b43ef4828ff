package org.meternet.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.meternet.platform.problem.ProblemException;

/**
 * A service request's id in DUIS form: originator, target and the originator's counter, e.g.
 * {@code bright-energy:00-DB-12-34-56-78-90-A0:1042}. The counter strictly increases per originator and lies between
 * 1 and {@link #MAX_COUNTER}.
 */
public record RequestId(String originator, String target, long counter) {
    /**
     * The greatest counter a request may carry: 2^53 - 1, the greatest whole number a JSON client holding numbers as
     * IEEE doubles (JavaScript, most JSON libraries by default) reads back exactly.
     */
    public static final long MAX_COUNTER = (1L << 53) - 1;

    public RequestId {
        if (!isOriginator(originator)) {
            throw ProblemException.badRequest("INVALID_REQUEST_ID", "requestId", "the originator is an organisation id without ':'");
        }
        if (counter < 1 || counter > MAX_COUNTER) {
            throw invalidCounter(Long.toString(counter));
        }
    }

    /** Whether a request id can name this organisation as its originator: an id, without ':' (the id's separator). */
    public static boolean isOriginator(String org) {
        return org != null && !org.isBlank() && !org.contains(":");
    }

    /**
     * The counter a caller brought in a request's JSON, or null when it brought none: a whole JSON number from 1 to
     * {@link #MAX_COUNTER}. A fraction, a string, a number beyond a long, 0 or a negative are refused (400,
     * INVALID_COUNTER on field counter), never rounded nor clamped.
     */
    public static Long counterOf(JsonNode counter) {
        if (counter == null || counter.isNull() || counter.isMissingNode()) {
            return null;
        }
        if (!counter.isIntegralNumber()) {
            throw invalidCounter(counter.toString());
        }
        BigInteger n = counter.bigIntegerValue();
        if (n.signum() < 1 || n.compareTo(BigInteger.valueOf(MAX_COUNTER)) > 0) {
            throw invalidCounter(counter.toString());
        }
        return n.longValueExact();
    }

    private static ProblemException invalidCounter(String given) {
        return ProblemException.badRequest("INVALID_COUNTER", "counter", "the counter is a whole number from 1 to " + MAX_COUNTER
                + " (2^53 - 1), greater than every counter the originator used before; " + given + " is not");
    }

    /** A request id as a caller or a hub gives it; 404 when it cannot be the id of any request. */
    public static RequestId parse(String text) {
        String[] p = text == null ? new String[0] : text.split(":", -1);
        if (p.length != 3) {
            throw new ProblemException(404, "INVALID_REQUEST_ID", "requestId", "'" + text
                    + "' is not a request id of the form originator:target:counter");
        }
        long counter;
        try {
            // digits only: "+5" or "05" would name request 5 under another spelling
            if (p[2].isEmpty() || !p[2].chars().allMatch(c -> c >= '0' && c <= '9') || p[2].startsWith("0")) {
                throw new NumberFormatException(p[2]);
            }
            counter = Long.parseLong(p[2]);
        } catch (NumberFormatException e) {
            throw new ProblemException(404, "INVALID_REQUEST_ID", "requestId", "the counter of '" + text + "' is not a number");
        }
        if (!isOriginator(p[0]) || p[1].isEmpty() || counter < 1 || counter > MAX_COUNTER) {
            throw new ProblemException(404, "INVALID_REQUEST_ID", "requestId", "'" + text + "' cannot be the id of a request");
        }
        return new RequestId(p[0], p[1], counter);
    }

    @Override
    public String toString() {
        return originator + ":" + target + ":" + counter;
    }
}
