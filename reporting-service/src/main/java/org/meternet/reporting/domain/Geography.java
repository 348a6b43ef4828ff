package org.meternet.reporting.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meternet.platform.reference.LocalAuthority;

/**
 * Local authorities as they were at a date. Installations keep the code they were made under; a report at a date
 * counts them under the authority valid then (after April 2023, Allerdale's meters are Cumberland's).
 */
public final class Geography {
    /** A new authority replacing its predecessors from a date. */
    public record Succession(LocalDate from, String code, String name, String regionCode, String regionName, List<String> predecessors) {
    }

    private final Map<String, LocalAuthority> reference = new LinkedHashMap<>();
    private final List<Succession> successions;

    public Geography(Collection<LocalAuthority> authorities, List<Succession> successions) {
        authorities.forEach(la -> reference.put(la.code(), la));
        this.successions = List.copyOf(successions);
    }

    /** Successions from CSV lines (header and # comments skipped): effective_from,code,name,region_code,region_name,a;b;c. */
    public static List<Succession> parse(List<String> lines) {
        List<Succession> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("effective_from")) {
                continue;
            }
            String[] f = line.split(",", -1);
            out.add(new Succession(LocalDate.parse(f[0]), f[1], f[2], f[3], f[4], Arrays.asList(f[5].split(";"))));
        }
        return out;
    }

    /** The authorities valid at the end of the day; a successor's households are its predecessors' together. */
    public List<LocalAuthority> authoritiesAt(LocalDate day) {
        Map<String, LocalAuthority> valid = new LinkedHashMap<>(reference);
        for (Succession s : successions) {
            if (s.from().isAfter(day)) {
                continue;
            }
            List<LocalAuthority> before = s.predecessors().stream().map(valid::remove).filter(la -> la != null).toList();
            if (before.isEmpty()) {
                continue; // reference data without its predecessors (a test's few authorities)
            }
            valid.put(s.code(), new LocalAuthority(s.code(), s.name(), s.regionCode(), s.regionName(), "England",
                    before.stream().mapToLong(LocalAuthority::households).sum(), "the sum of its predecessors ("
                            + before.stream().map(LocalAuthority::name).collect(Collectors.joining(", ")) + "): "
                            + before.stream().map(LocalAuthority::householdsSource).distinct().collect(Collectors.joining("; "))));
        }
        return List.copyOf(valid.values());
    }

    /** The authority valid at the day covering the area an installation was made under. */
    public String codeAt(String code, LocalDate day) {
        String current = code;
        for (Succession s : successions) {
            if (!s.from().isAfter(day) && s.predecessors().contains(current)) {
                current = s.code();
            }
        }
        return current;
    }

    /** The authority with this code valid at the day, if it was. */
    public Optional<LocalAuthority> authorityAt(String code, LocalDate day) {
        return authoritiesAt(day).stream().filter(la -> la.code().equals(code)).findFirst();
    }

    /** Why an authority is not valid at the day: replaced by a successor, or not yet created; empty when unknown. */
    public Optional<String> whyNotValid(String code, LocalDate day) {
        for (Succession s : successions) {
            if (s.code().equals(code) && s.from().isAfter(day)) {
                return Optional.of(s.name() + " (" + code + ") was created on " + s.from());
            }
            if (s.predecessors().contains(code) && !s.from().isAfter(day)) {
                return Optional.of(Optional.ofNullable(reference.get(code)).map(LocalAuthority::name).orElse(code) + " (" + code
                        + ") was replaced by " + s.name() + " (" + s.code() + ") on " + s.from());
            }
        }
        return Optional.empty();
    }
}
