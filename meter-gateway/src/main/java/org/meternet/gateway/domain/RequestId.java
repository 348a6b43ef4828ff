package org.meternet.gateway.domain;

import org.meternet.platform.problem.ProblemException;

/**
 * A service request's id in DUIS form: originator, target and the originator's counter, e.g.
 * {@code bright-energy:00-DB-12-34-56-78-90-A0:1042}. The counter strictly increases per originator.
 */
public record RequestId(String originator, String target, long counter) {
    public RequestId {
        if (originator == null || originator.isBlank() || originator.contains(":")) {
            throw ProblemException.badRequest("INVALID_REQUEST_ID", "requestId", "the originator is an organisation id without ':'");
        }
        if (counter < 1) {
            throw ProblemException.badRequest("INVALID_COUNTER", "counter", "the counter is a positive whole number");
        }
    }

    public static RequestId parse(String text) {
        String[] p = text == null ? new String[0] : text.split(":");
        if (p.length != 3) {
            throw new ProblemException(404, "INVALID_REQUEST_ID", "requestId", "'" + text
                    + "' is not a request id of the form originator:target:counter");
        }
        try {
            return new RequestId(p[0], p[1], Long.parseLong(p[2]));
        } catch (NumberFormatException e) {
            throw new ProblemException(404, "INVALID_REQUEST_ID", "requestId", "the counter of '" + text + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return originator + ":" + target + ":" + counter;
    }
}
