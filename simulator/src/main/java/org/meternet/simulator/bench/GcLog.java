package org.meternet.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What ZGC's own log says of a service's heap ({@link #option}, one file a process): the live set each collection
 * marked (what "heap used" hides under ZGC, garbage included), the most the heap held during any collection cycle, how
 * many collections ran and how often a thread waited for memory (an allocation stall).
 */
public final class GcLog {
    private static final Pattern LIVE = Pattern.compile("\\[gc,heap\\s*\\] GC\\(\\d+\\)\\s+Live:\\s+-\\s+(\\d+)M");
    /** Used at mark start, mark end, relocate start, relocate end, then the highest and lowest of the cycle. */
    private static final Pattern USED = Pattern.compile("\\[gc,heap\\s*\\] GC\\(\\d+\\)\\s+Used:((?:\\s+\\d+M \\(\\s*\\d+%\\)){6})");
    private static final Pattern MB = Pattern.compile("(\\d+)M");
    private static final Pattern CYCLE = Pattern.compile("\\[gc\\s*\\] GC\\(\\d+\\) Garbage Collection");
    private static final Pattern STALL = Pattern.compile("Allocation Stall");

    private GcLog() {
    }

    /** The JVM options that write the log this reads, into {@code dir}, one file per process of {@code name}. */
    public static String option(Path dir, String name) {
        return "-Xlog:gc,gc+heap:file=" + dir.resolve(name + "-gc-%p.log");
    }

    /** What every process's log of {@code name} in {@code dir} says, together. */
    public record Summary(long liveMaxMb, long usedMaxMb, long cycles, long stalls, int processes) {
        @Override
        public String toString() {
            return String.format("live set max %d MB, used max %d MB over %d collections in %d process(es), %d allocation stalls",
                    liveMaxMb, usedMaxMb, cycles, processes, stalls);
        }
    }

    public static Summary read(Path dir, String name) throws IOException {
        long live = 0;
        long used = 0;
        long cycles = 0;
        long stalls = 0;
        int processes = 0;
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(p -> p.getFileName().toString().startsWith(name + "-gc-")).toList();
        }
        for (Path f : files) {
            processes++;
            for (String line : Files.readAllLines(f)) {
                Matcher m = LIVE.matcher(line);
                Matcher u = USED.matcher(line);
                if (m.find()) {
                    live = Math.max(live, Long.parseLong(m.group(1)));
                } else if (u.find()) {
                    Matcher each = MB.matcher(u.group(1));
                    for (int column = 0; column < 5 && each.find(); column++) {
                        used = Math.max(used, Long.parseLong(each.group(1)));
                    }
                } else if (CYCLE.matcher(line).find()) {
                    cycles++;
                } else if (STALL.matcher(line).find()) {
                    stalls++;
                }
            }
        }
        return new Summary(live, used, cycles, stalls, processes);
    }
}
