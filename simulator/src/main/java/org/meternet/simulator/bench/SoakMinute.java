package org.meternet.simulator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One minute of the soak: each load stream's throughput, errors and latencies, each service's memory, the broker's
 * (and the messages it dropped, and the most it held at once: $SYS/broker/store/messages/count). A
 * row of soak.csv; NaN (not measured: a service down all minute, no answer to time) is written as an empty field.
 */
record SoakMinute(int minute, boolean warmUp, String fault, Map<String, Stream> streams, Map<String, Memory> memory,
        long brokerDropped, long brokerStored) {
    /** The streams, in their column order. */
    static final List<String> STREAMS = List.of("readings", "commits", "service_requests", "installations", "reports");
    /** The processes whose memory is sampled, in their column order. */
    static final List<String> PROCESSES = List.of("installation-service", "messaging-service", "reporting-service", "meter-gateway",
            "broker");

    /**
     * What a stream did in the minute: done (readings: acknowledged by the broker; commits: committed by
     * messaging-service; requests: answered as expected), errors (readings: sends failed and retried; commits: probe
     * readings given up; requests: refused, failed or timed out), p50 and p99 in ms (readings: publish to PUBACK;
     * commits: publish to commit; requests: from the request's slot to its answer).
     */
    record Stream(long done, long errors, double p50Ms, double p99Ms) {
        double perSecond() {
            return done / 60.0;
        }
    }

    /** Heap used and live set (after the last collection; NaN for the broker), RSS and Pss, in MB: means of the minute's samples. */
    record Memory(double heapMb, double liveMb, double rssMb, double pssMb) {
        static final Memory UNKNOWN = new Memory(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    static String header() {
        List<String> columns = new ArrayList<>(List.of("minute", "warm_up", "fault"));
        for (String s : STREAMS) {
            columns.addAll(List.of(s + "_per_s", s + "_errors", s + "_p50_ms", s + "_p99_ms"));
        }
        for (String p : PROCESSES) {
            String c = p.replace("-service", "").replace("meter-", "");
            if (!p.equals("broker")) {
                columns.addAll(List.of(c + "_heap_mb", c + "_live_mb"));
            }
            columns.addAll(List.of(c + "_rss_mb", c + "_pss_mb"));
        }
        columns.add("broker_dropped");
        columns.add("broker_stored_max");
        return String.join(",", columns);
    }

    String csvRow() {
        List<String> fields = new ArrayList<>(List.of(Integer.toString(minute), warmUp ? "1" : "0", fault == null ? "" : fault));
        for (String s : STREAMS) {
            Stream st = streams.getOrDefault(s, new Stream(0, 0, Double.NaN, Double.NaN));
            fields.addAll(List.of(number(st.perSecond()), Long.toString(st.errors()), number(st.p50Ms()), number(st.p99Ms())));
        }
        for (String p : PROCESSES) {
            Memory m = memory.getOrDefault(p, Memory.UNKNOWN);
            if (!p.equals("broker")) {
                fields.addAll(List.of(number(m.heapMb()), number(m.liveMb())));
            }
            fields.addAll(List.of(number(m.rssMb()), number(m.pssMb())));
        }
        fields.add(Long.toString(brokerDropped));
        fields.add(brokerStored < 0 ? "" : Long.toString(brokerStored));
        return String.join(",", fields);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }
}
