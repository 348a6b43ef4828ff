package org.meternet.simulator.bench;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * The soak's charts, as PNG files beside soak.csv: throughput, p99 latencies, heap and live set per service, RSS and
 * Pss per process; every chart marks the faults with a vertical line at their minute. A minute with nothing measured
 * (NaN) leaves a gap.
 */
final class SoakCharts {
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    private static final String[] SERVICES = {"installation-service", "messaging-service", "reporting-service", "meter-gateway"};
    /** One colour per process (its two lines, solid and dashed, share it), in the order of SoakMinute.PROCESSES. */
    private static final java.awt.Color[] COLOURS = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xd62728),
        new java.awt.Color(0x2ca02c), new java.awt.Color(0x9467bd), new java.awt.Color(0x7f7f7f)};

    private SoakCharts() {
    }

    /** Draws the four charts into {@code dir}; returns their paths. */
    static List<Path> draw(Path dir, List<SoakMinute> minutes, List<FaultSchedule.Fault> faults) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] x = minutes.stream().mapToDouble(SoakMinute::minute).toArray();
        List<Path> out = new ArrayList<>();

        XYChart throughput = chart("Throughput per minute (readings left axis, requests right axis)", "per second");
        series(throughput, "readings acknowledged by the broker", x, minutes, m -> stream(m, "readings").perSecond(), 0);
        series(throughput, "readings committed by messaging-service", x, minutes, m -> stream(m, "commits").perSecond(), 0);
        series(throughput, "service requests (I0)", x, minutes, m -> stream(m, "service_requests").perSecond(), 1);
        series(throughput, "installations", x, minutes, m -> stream(m, "installations").perSecond(), 1);
        series(throughput, "report queries", x, minutes, m -> stream(m, "reports").perSecond(), 1);
        throughput.setYAxisGroupTitle(0, "readings/s");
        throughput.setYAxisGroupTitle(1, "requests/s");
        throughput.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        out.add(save(throughput, dir, "throughput", faults));

        XYChart latency = chart("p99 latency per minute (log scale)", "ms");
        latency.getStyler().setYAxisLogarithmic(true);
        series(latency, "reading publish -> commit", x, minutes, m -> stream(m, "commits").p99Ms(), 0);
        series(latency, "reading publish -> PUBACK", x, minutes, m -> stream(m, "readings").p99Ms(), 0);
        series(latency, "service request (SRV 4.1.1, I0)", x, minutes, m -> stream(m, "service_requests").p99Ms(), 0);
        series(latency, "installation", x, minutes, m -> stream(m, "installations").p99Ms(), 0);
        series(latency, "report query", x, minutes, m -> stream(m, "reports").p99Ms(), 0);
        out.add(save(latency, dir, "latency-p99", faults));

        XYChart heap = chart("Heap per service per minute (solid: used, mean of samples; dashed: live set after GC)", "MB");
        for (int i = 0; i < SERVICES.length; i++) {
            String s = SERVICES[i];
            colour(series(heap, s + " used", x, minutes, m -> m.memory().get(s).heapMb(), 0), COLOURS[i]);
            colour(series(heap, s + " live", x, minutes, m -> m.memory().get(s).liveMb(), 0), COLOURS[i]).setLineStyle(DASHED);
        }
        out.add(save(heap, dir, "heap", faults));

        XYChart memory = chart("Memory per process per minute (solid: Pss; dashed: VmRSS, which counts ZGC's heap mappings up to 3 times)", "MB");
        for (int i = 0; i < SoakMinute.PROCESSES.size(); i++) {
            String s = SoakMinute.PROCESSES.get(i);
            colour(series(memory, s + " Pss", x, minutes, m -> m.memory().get(s).pssMb(), 0), COLOURS[i]);
            colour(series(memory, s + " RSS", x, minutes, m -> m.memory().get(s).rssMb(), 0), COLOURS[i]).setLineStyle(DASHED);
        }
        out.add(save(memory, dir, "memory", faults));
        return out;
    }

    private static SoakMinute.Stream stream(SoakMinute m, String name) {
        return m.streams().get(name);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(1200).height(600).title(title).xAxisTitle("minute (0: warm-up)").yAxisTitle(yTitle)
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setMarkerSize(4);
        c.getStyler().setXAxisDecimalPattern("0");
        return c;
    }

    private static XYSeries series(XYChart chart, String name, double[] x, List<SoakMinute> minutes, ToDoubleFunction<SoakMinute> y,
            int axis) {
        double[] values = minutes.stream().mapToDouble(y).toArray();
        if (chart.getStyler().isYAxisLogarithmic()) {
            for (int i = 0; i < values.length; i++) {
                if (!(values[i] > 0)) {
                    values[i] = Double.NaN; // no point below a log axis: a gap
                }
            }
        }
        XYSeries s = chart.addSeries(name, x, values);
        s.setYAxisGroup(axis);
        return s;
    }

    private static XYSeries colour(XYSeries s, java.awt.Color c) {
        s.setLineColor(c);
        s.setMarkerColor(c);
        return s;
    }

    private static Path save(XYChart chart, Path dir, String name, List<FaultSchedule.Fault> faults) throws IOException {
        double top = chart.getSeriesCollection().stream().filter(s -> s.getYAxisGroup() == 0)
                .flatMapToDouble(s -> java.util.Arrays.stream(s.getYData())).filter(v -> !Double.isNaN(v)).max().orElse(1);
        for (FaultSchedule.Fault f : faults) {
            chart.addAnnotation(new AnnotationLine(f.minute(), true, false));
            chart.addAnnotation(new AnnotationText(f.kind().tag(), f.minute() + 0.1, top, false));
        }
        Path file = dir.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
