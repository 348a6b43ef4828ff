package org.meternet.messaging.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * Messages of one batch counted by the dimensions traffic is reported in. Keys are kept sorted so
 * that concurrent batches lock the same minute's rows in the same order (no deadlock).
 */
public final class TrafficTally {
    public static final String UP = "up";
    public static final String DOWN = "down";
    static final String UNKNOWN = "unknown";

    public record Key(String direction, String kind, String supplier, String region, String deviceType)
            implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return java.util.Comparator.comparing(Key::direction).thenComparing(Key::kind).thenComparing(Key::supplier)
                    .thenComparing(Key::region).thenComparing(Key::deviceType).compare(this, o);
        }
    }

    private final Map<Key, Long> counts = new TreeMap<>();

    public void count(String direction, String kind, String supplier, String region, String deviceType) {
        counts.merge(new Key(direction, kind, orUnknown(supplier), orUnknown(region), orUnknown(deviceType)), 1L, Long::sum);
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s;
    }

    public Map<Key, Long> counts() {
        return counts;
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }
}
