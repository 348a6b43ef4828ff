package org.meternet.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory as Linux accounts it: VmRSS (/proc/PID/status) and Pss (/proc/PID/smaps_rollup). ZGC maps the
 * heap three times (one mapping per colour), so RSS counts its pages up to three times; Pss divides each page among
 * its mappings and is the honest figure.
 */
final class ProcFs {
    private ProcFs() {
    }

    /** The pid in a pid file (var/run/NAME.pid), or -1 when there is none or its process is gone. */
    static long pidOf(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return Files.exists(Path.of("/proc/" + pid)) ? pid : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** VmRSS in MB, NaN when unknown. */
    static double rssMb(long pid) {
        return field(pid < 0 ? null : Path.of("/proc/" + pid + "/status"), "VmRSS:");
    }

    /** Pss in MB, NaN when unknown. */
    static double pssMb(long pid) {
        return field(pid < 0 ? null : Path.of("/proc/" + pid + "/smaps_rollup"), "Pss:");
    }

    private static double field(Path file, String key) {
        if (file == null) {
            return Double.NaN;
        }
        try {
            return kbField(Files.readString(file), key) / 1024;
        } catch (IOException e) {
            return Double.NaN; // the process ended meanwhile
        }
    }

    /** The value of a "Key:   1234 kB" line, in kB; NaN when the key is not there. */
    static double kbField(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Double.parseDouble(parts[0]);
            }
        }
        return Double.NaN;
    }
}
