package org.meternet.messaging.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who was a device's registered supplier, from when: each registration lasts until the next one begins (a change of
 * supplier), the first since the device was first known. A supplier is served a device's data only for the times it
 * was registered (docs/architecture.md, identity model; change of supplier: from the effective time the losing supplier loses access).
 */
public record RegistrationHistory(List<Registration> registrations) {

    /** A registration: {@code from} null for the first one (registered since the device was first known). */
    public record Registration(Instant from, String supplier) {
    }

    /** A span of time [from, to); null at either end: unbounded. */
    public record Period(Instant from, Instant to) {
        public static final Period ALWAYS = new Period(null, null);

        public boolean contains(Instant t) {
            return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
        }

        /** This period within [lo, hi), or nothing when they do not overlap. */
        public Optional<Period> clip(Instant lo, Instant hi) {
            Instant a = from == null || from.isBefore(lo) ? lo : from;
            Instant b = to == null || to.isAfter(hi) ? hi : to;
            return a.isBefore(b) ? Optional.of(new Period(a, b)) : Optional.empty();
        }
    }

    public RegistrationHistory {
        List<Registration> sorted = new ArrayList<>(registrations);
        sorted.sort(Comparator.comparing(Registration::from, Comparator.nullsFirst(Comparator.naturalOrder())));
        registrations = List.copyOf(sorted);
    }

    /** A device whose only known supplier is this one (a projection row without history). */
    public static RegistrationHistory only(String supplier) {
        return new RegistrationHistory(supplier == null ? List.of() : List.of(new Registration(null, supplier)));
    }

    public boolean isEmpty() {
        return registrations.isEmpty();
    }

    /** The supplier registered at an instant; null before any registration. */
    public String supplierAt(Instant t) {
        return periodAt(t).map(i -> registrations.get(i).supplier()).orElse(null);
    }

    /** The registration in force at an instant, and the span it covers. */
    public Optional<Period> registrationPeriodAt(Instant t) {
        return periodAt(t).map(this::period);
    }

    /** Every span of time in which this organisation was the registered supplier, in order, adjacent ones merged. */
    public List<Period> periodsOf(String org) {
        List<Period> out = new ArrayList<>();
        if (org == null) {
            return out;
        }
        for (int i = 0; i < registrations.size(); i++) {
            if (!org.equals(registrations.get(i).supplier())) {
                continue;
            }
            Period p = period(i);
            if (!out.isEmpty() && p.from() != null && p.from().equals(out.get(out.size() - 1).to())) {
                p = new Period(out.remove(out.size() - 1).from(), p.to());
            }
            out.add(p);
        }
        return out;
    }

    /** This organisation's latest period of registration begun by {@code now}: its current one, else its last. */
    public Optional<Period> latestPeriodOf(String org, Instant now) {
        List<Period> mine = periodsOf(org);
        for (int i = mine.size() - 1; i >= 0; i--) {
            Period p = mine.get(i);
            if (p.from() == null || !p.from().isAfter(now)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private Optional<Integer> periodAt(Instant t) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            Instant from = registrations.get(i).from();
            if (from == null || !t.isBefore(from)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private Period period(int i) {
        return new Period(registrations.get(i).from(), i + 1 < registrations.size() ? registrations.get(i + 1).from() : null);
    }
}
