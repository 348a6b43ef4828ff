package org.meternet.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmark ran on, printed with every result. */
public record Machine(String cpu, int cores, long memoryMb, String java, String os) {
    public static Machine here() {
        String cpu = "unknown CPU";
        long memMb = Runtime.getRuntime().maxMemory() / (1 << 20);
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            memMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(memMb);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep what the JVM knows
        }
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memMb,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    @Override
    public String toString() {
        return cores + " cores (" + cpu + "), " + memoryMb + " MB, " + java + ", " + os;
    }
}
