package org.meternet.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakChartsTest {
    @TempDir
    Path dir;

    @Test
    void drawsFourPngChartsWithGapsWhereNothingWasMeasured() throws Exception {
        List<SoakMinute> minutes = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            Map<String, SoakMinute.Stream> streams = new LinkedHashMap<>();
            for (String s : SoakMinute.STREAMS) {
                // minute 2: the service requests all failed (no latency to draw, nothing on a log axis)
                streams.put(s, k == 2 && s.equals("service_requests") ? new SoakMinute.Stream(0, 12_000, Double.NaN, Double.NaN)
                        : new SoakMinute.Stream(1_000 + k, 0, 3, 20 + k));
            }
            Map<String, SoakMinute.Memory> memory = new LinkedHashMap<>();
            for (String p : SoakMinute.PROCESSES) {
                memory.put(p, k == 2 && p.equals("meter-gateway") ? SoakMinute.Memory.UNKNOWN
                        : new SoakMinute.Memory(100 + k, 50, 600, 300));
            }
            minutes.add(new SoakMinute(k, k == 0, k == 2 ? "kill meter-gateway" : "", streams, memory, 0, -1));
        }
        List<Path> charts = SoakCharts.draw(dir, minutes, FaultSchedule.forRun(6).faults());
        assertThat(charts).extracting(p -> p.getFileName().toString()).containsExactly("throughput.png", "latency-p99.png", "heap.png",
                "memory.png");
        for (Path p : charts) {
            byte[] png = Files.readAllBytes(p);
            assertThat(png).hasSizeGreaterThan(10_000);
            assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }
}
