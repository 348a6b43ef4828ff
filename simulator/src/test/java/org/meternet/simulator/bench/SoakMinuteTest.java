package org.meternet.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakMinuteTest {
    @Test
    void aRowHasAFieldForEveryColumnOfTheHeader() {
        String[] header = SoakMinute.header().split(",", -1);
        assertThat(header).startsWith("minute", "warm_up", "fault", "readings_per_s", "readings_errors", "readings_p50_ms",
                "readings_p99_ms");
        assertThat(header).contains("service_requests_p99_ms", "messaging_heap_mb", "messaging_live_mb", "gateway_pss_mb",
                "broker_rss_mb", "broker_pss_mb").endsWith("broker_dropped", "broker_stored_max");
        assertThat(header).doesNotContain("broker_heap_mb");
        assertThat(minute().csvRow().split(",", -1)).hasSameSizeAs(header);
    }

    @Test
    void figuresAreWrittenPerSecondWithOneDecimalAndUnmeasuredOnesLeftEmpty() {
        Map<String, String> row = new LinkedHashMap<>();
        String[] header = SoakMinute.header().split(",", -1);
        String[] fields = minute().csvRow().split(",", -1);
        for (int i = 0; i < header.length; i++) {
            row.put(header[i], fields[i]);
        }
        assertThat(row).containsEntry("minute", "7").containsEntry("warm_up", "0").containsEntry("fault", "kill messaging-service")
                .containsEntry("readings_per_s", "5000.0").containsEntry("readings_errors", "12")
                .containsEntry("readings_p99_ms", "41.3").containsEntry("service_requests_per_s", "199.5")
                .containsEntry("installations_per_s", "0.0").containsEntry("installations_p50_ms", "")
                .containsEntry("messaging_heap_mb", "201.2").containsEntry("messaging_live_mb", "")
                .containsEntry("installation_rss_mb", "").containsEntry("broker_rss_mb", "12.0").containsEntry("broker_dropped", "3")
                .containsEntry("broker_stored_max", "120000");
    }

    private static SoakMinute minute() {
        Map<String, SoakMinute.Stream> streams = new LinkedHashMap<>();
        streams.put("readings", new SoakMinute.Stream(300_000, 12, 3.25, 41.25));
        streams.put("service_requests", new SoakMinute.Stream(11_970, 30, 2.5, 14));
        streams.put("installations", new SoakMinute.Stream(0, 1_200, Double.NaN, Double.NaN));
        Map<String, SoakMinute.Memory> memory = new LinkedHashMap<>();
        memory.put("messaging-service", new SoakMinute.Memory(201.2, Double.NaN, 640, 300.5));
        memory.put("broker", new SoakMinute.Memory(Double.NaN, Double.NaN, 12, 10));
        return new SoakMinute(7, false, "kill messaging-service", streams, memory, 3, 120_000);
    }
}
