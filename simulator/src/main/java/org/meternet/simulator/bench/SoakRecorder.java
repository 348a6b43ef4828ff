package org.meternet.simulator.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** soak.csv in the run's directory: the header, then a row a minute, written as each minute ends (a stopped run keeps its rows). */
final class SoakRecorder implements AutoCloseable {
    private final Path csv;
    private final BufferedWriter out;

    SoakRecorder(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.csv = dir.resolve("soak.csv");
        this.out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        out.write(SoakMinute.header());
        out.newLine();
        out.flush();
    }

    void record(SoakMinute minute) throws IOException {
        out.write(minute.csvRow());
        out.newLine();
        out.flush();
    }

    Path csv() {
        return csv;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
