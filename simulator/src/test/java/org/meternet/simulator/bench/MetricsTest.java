package org.meternet.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
    static final String BODY = """
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="ZHeap"} 1.17440512E8
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 7.809948E7
            jvm_gc_live_data_size_bytes 5.0E7
            jvm_gc_live_data_size_bytes_total 3.0
            """;

    @Test
    void sumsTheSamplesWithALabelOrAllOfThemWithOrWithoutLabels() {
        assertThat(Metrics.sum(BODY, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(1.17440512E8);
        assertThat(Metrics.sum(BODY, "jvm_memory_used_bytes", null)).isEqualTo(1.17440512E8 + 7.809948E7);
        assertThat(Metrics.sum(BODY, "jvm_gc_live_data_size_bytes", null)).isEqualTo(5.0E7);
        assertThat(Metrics.sum(BODY, "jvm_gc_live_data_size_bytes", "area=\"heap\"")).isZero();
        assertThat(Metrics.sum(BODY, "jvm_gc_pause_seconds", null)).isZero();
    }
}
