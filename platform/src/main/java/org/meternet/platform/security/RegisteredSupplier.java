package org.meternet.platform.security;

import java.time.Instant;

/**
 * Who is a device's registered supplier at an instant, given the one registered now and a change
 * of supplier that may be due later: from its effective time the gaining supplier is registered and
 * the losing one is not.
 */
public record RegisteredSupplier(String current, String next, Instant nextFrom) {
    public String at(Instant instant) {
        return next != null && nextFrom != null && !instant.isBefore(nextFrom) ? next : current;
    }
}
