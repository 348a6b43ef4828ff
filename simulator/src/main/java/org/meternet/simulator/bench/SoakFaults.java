package org.meternet.simulator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a fault with the launcher, as an operator would type it: bin/meternet service kill NAME, then service
 * start NAME; infra restart broker|postgres. A command that fails ends the soak with its last lines (the launcher
 * names a service that died while starting, and why).
 */
final class SoakFaults {
    private final Path launcher;

    SoakFaults(Path launcher) {
        this.launcher = launcher;
    }

    /** Runs the fault's commands in order; returns the seconds it took (back to ready). */
    double inject(FaultSchedule.Kind kind) throws IOException, InterruptedException {
        long start = System.nanoTime();
        for (List<String> args : kind.commands()) {
            List<String> command = new ArrayList<>();
            command.add(launcher.toString());
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("`bin/meternet " + String.join(" ", args) + "` did not end within 5 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("`bin/meternet " + String.join(" ", args) + "` failed (exit " + p.exitValue() + "): "
                        + lastLines(new String(out, StandardCharsets.UTF_8), 6));
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static String lastLines(String text, int n) {
        String[] lines = text.replaceAll("\u001B\\[[0-9;]*m", "").strip().split("\n");
        return String.join(" | ", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
    }
}
