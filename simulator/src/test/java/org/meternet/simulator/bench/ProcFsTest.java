package org.meternet.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFsTest {
    @Test
    void readsAKilobyteFieldOfProcFiles() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  524288 kB\nRssAnon:\t  100 kB\n";
        assertThat(ProcFs.kbField(status, "VmRSS:")).isEqualTo(524_288);
        String rollup = "00400000-7fff [rollup]\nRss:              900000 kB\nPss:              300000 kB\nPss_Anon:  1 kB\n";
        assertThat(ProcFs.kbField(rollup, "Pss:")).isEqualTo(300_000);
        assertThat(ProcFs.kbField(status, "Pss:")).isNaN();
    }

    @Test
    void aProcessThatIsGoneHasNoFigures() {
        assertThat(ProcFs.rssMb(-1)).isNaN();
        assertThat(ProcFs.pssMb(Long.MAX_VALUE)).isNaN();
        assertThat(ProcFs.pidOf(java.nio.file.Path.of("/nonexistent/x.pid"))).isEqualTo(-1);
        assertThat(ProcFs.rssMb(ProcessHandle.current().pid())).isPositive();
    }
}
