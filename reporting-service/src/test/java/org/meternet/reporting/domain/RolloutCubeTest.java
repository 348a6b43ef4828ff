package org.meternet.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.meternet.reporting.domain.RolloutChanges.MeterSpan;
import org.meternet.reporting.domain.RolloutCube.Cell;
import org.meternet.reporting.domain.RolloutCube.Place;

class RolloutCubeTest {
    static final LocalDate START = LocalDate.of(2019, 1, 1);
    static final Cell HARTLEPOOL_ESME = new Cell("E06000001", "E12000001", "bright-energy", "ESME", "ELECTRICITY");
    static final Cell HARTLEPOOL_GSME = new Cell("E06000001", "E12000001", "volt-supply", "GSME", "GAS");
    static final Cell BOLSOVER_ESME = new Cell("E07000033", "E12000004", "bright-energy", "ESME", "ELECTRICITY");

    /** Applies one premises' meters changing from {@code before} to {@code after}, as the read model does per event. */
    static void change(RolloutCube cube, List<MeterSpan> before, List<MeterSpan> after) {
        RolloutChanges.cells(before, after).forEach(cube::apply);
        RolloutChanges.premises(before, after).forEach(cube::apply);
    }

    @Test
    void aDualFuelHomeIsTwoMetersButOnePremises() {
        RolloutCube cube = new RolloutCube();
        MeterSpan electricity = new MeterSpan("e", HARTLEPOOL_ESME, START, null);
        MeterSpan gas = new MeterSpan("g", HARTLEPOOL_GSME, START.plusDays(3), null);
        change(cube, List.of(), List.of(electricity));
        change(cube, List.of(electricity), List.of(electricity, gas));
        change(cube, List.of(electricity, gas), List.of(electricity, gas)); // redelivered: read before, it has both

        assertThat(cube.inService(START.plusDays(5), RolloutCube.Filter.ALL)).isEqualTo(2);
        assertThat(cube.premises(START.plusDays(5))).containsEntry(new Place("E06000001", "E12000001"), 1L);
        assertThat(cube.inService(START.plusDays(2), RolloutCube.Filter.ALL)).isEqualTo(1);
        assertThat(cube.inServiceBy(Cell::fuel, START.plusDays(5), RolloutCube.Filter.ALL)).containsEntry("GAS", 1L).containsEntry("ELECTRICITY", 1L);
    }

    @Test
    void aPremisesLosesItsCoverageOnlyWhenItsLastMeterGoes() {
        RolloutCube cube = new RolloutCube();
        MeterSpan electricity = new MeterSpan("e", HARTLEPOOL_ESME, START, null);
        MeterSpan gas = new MeterSpan("g", HARTLEPOOL_GSME, START, null);
        change(cube, List.of(), List.of(electricity, gas));
        MeterSpan electricityGone = new MeterSpan("e", HARTLEPOOL_ESME, START, START.plusDays(10));
        change(cube, List.of(electricity, gas), List.of(electricityGone, gas));
        assertThat(cube.premises(START.plusDays(20)).values()).containsExactly(1L);
        MeterSpan gasGone = new MeterSpan("g", HARTLEPOOL_GSME, START, START.plusDays(15));
        change(cube, List.of(electricityGone, gas), List.of(electricityGone, gasGone));

        assertThat(cube.premises(START.plusDays(14)).values()).containsExactly(1L);
        assertThat(cube.premises(START.plusDays(15))).isEmpty();
        assertThat(cube.removals(START, START.plusDays(16), RolloutCube.Filter.ALL)).isEqualTo(2);
        assertThat(cube.commissioned(RolloutCube.Filter.ALL)).isEqualTo(2); // milestones count installations, removals included
    }

    @Test
    void theNthMeterIsFoundByDay() {
        RolloutCube cube = new RolloutCube();
        for (int i = 0; i < 10; i++) { // two a day
            change(cube, List.of(), List.of(new MeterSpan("m" + i, i % 3 == 0 ? BOLSOVER_ESME : HARTLEPOOL_ESME,
                    START.plusDays(i / 2), null)));
        }
        assertThat(cube.dayOfNth(5, RolloutCube.Filter.ALL)).isEqualTo(new RolloutCube.NthDay(START.plusDays(2), 4));
        assertThat(cube.dayOfNth(1, RolloutCube.Filter.ALL)).isEqualTo(new RolloutCube.NthDay(START, 0));
        assertThat(cube.dayOfNth(11, RolloutCube.Filter.ALL)).isNull();
        // Bolsover has m0, m3, m6, m9: the third is m6, on day 3, after two
        assertThat(cube.dayOfNth(3, new RolloutCube.Filter(null, null, "E07000033")))
                .isEqualTo(new RolloutCube.NthDay(START.plusDays(3), 2));
    }

    @Test
    void eventsInAnyOrderAndRepeatedGiveTheCountsOfTheFinalMeters() {
        Random random = new Random(7);
        RolloutCube cube = new RolloutCube();
        Cell[] cells = {HARTLEPOOL_ESME, HARTLEPOOL_GSME, BOLSOVER_ESME};
        Map<String, List<MeterSpan>> premises = new HashMap<>();
        for (int step = 0; step < 2_000; step++) {
            String p = "p" + random.nextInt(150);
            List<MeterSpan> before = premises.getOrDefault(p, List.of());
            List<MeterSpan> after = new ArrayList<>(before);
            String device = p + "-m" + random.nextInt(3);
            after.removeIf(m -> m.deviceId().equals(device));
            LocalDate from = START.plusDays(random.nextInt(400));
            LocalDate until = random.nextInt(3) == 0 ? from.plusDays(random.nextInt(60)) : null;
            after.add(new MeterSpan(device, cells[random.nextInt(cells.length)], from, until));
            change(cube, before, after);
            if (random.nextInt(5) == 0) {
                change(cube, after, after); // a redelivery changes nothing
            }
            premises.put(p, after);
        }
        RolloutCube.Filter hartlepool = new RolloutCube.Filter(null, null, "E06000001");
        RolloutCube.Filter twoWays = new RolloutCube.Filter("bright-energy", null, "E06000001"); // read from the cells
        for (int d = -5; d < 480; d += 7) {
            LocalDate day = START.plusDays(d);
            long meters = 0;
            long all = 0;
            long brightInHartlepool = 0;
            long installs = 0;
            long covered = 0;
            for (List<MeterSpan> spans : premises.values()) {
                boolean any = false;
                for (MeterSpan m : spans) {
                    boolean inService = !m.from().isAfter(day) && (m.until() == null || m.until().isAfter(day));
                    if (inService && hartlepool.matches(m.cell())) {
                        meters++;
                    }
                    all += inService ? 1 : 0;
                    brightInHartlepool += inService && twoWays.matches(m.cell()) ? 1 : 0;
                    any |= inService;
                    if (hartlepool.matches(m.cell()) && !m.from().isBefore(day) && m.from().isBefore(day.plusDays(7))) {
                        installs++;
                    }
                }
                covered += any ? 1 : 0;
            }
            assertThat(cube.inService(day, hartlepool)).as("meters in service at " + day).isEqualTo(meters);
            assertThat(cube.inService(day, RolloutCube.Filter.ALL)).as("all meters in service at " + day).isEqualTo(all);
            assertThat(cube.inService(day, twoWays)).as("one supplier's in one authority at " + day).isEqualTo(brightInHartlepool);
            assertThat(cube.installs(day, day.plusDays(7), hartlepool)).as("installs in the week from " + day).isEqualTo(installs);
            assertThat(cube.premises(day).values().stream().mapToLong(Long::longValue).sum()).as("premises at " + day)
                    .isEqualTo(covered);
        }
    }
}
