package org.meternet.installation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternet.installation.domain.BulkMigration.LineResult;
import org.meternet.installation.domain.BulkMigration.Summary;
import org.meternet.installation.domain.InstallationPlan.Plan;
import org.meternet.installation.persistence.InventoryWriter;
import org.meternet.platform.event.EventType;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.platform.security.Caller;

/**
 * The migration's line handling, with the database's writer replaced by one that keeps what it is given. Lines for
 * an existing premises (premisesId) need the database to check access and are not covered here.
 */
class BulkMigrationTest {
    static final Caller SUPPLIER = new Caller("s", "bright-energy", Set.of("IS", "GS"), Set.of());
    static final String GOOD = """
            {"premises":{"postcode":"ME19 4AB"},"installedAt":"2019-05-21T09:00:00Z","devices":[
            {"deviceId":"00-DB-12-34-56-78-90-%02X","deviceType":"CHF"},
            {"deviceId":"00-DB-12-34-56-78-91-%02X","deviceType":"ESME","mpxn":"1100000000017"}]}""".replace("\n", "");

    static ReferenceData reference;

    @BeforeAll
    static void load() {
        reference = ReferenceData.load(Path.of("../data/reference"));
    }

    static String good(int n) {
        return GOOD.formatted(n % 256, n / 256);
    }

    /** Writes nothing: answers each plan as the given function says and remembers the chunks. */
    static class RecordingWriter extends InventoryWriter {
        final List<List<Plan>> chunks = new ArrayList<>();
        final List<String> changedBy = new ArrayList<>();
        final List<SmiStatus> statuses = new ArrayList<>();
        final List<EventType> events = new ArrayList<>();
        final Function<Plan, ProblemException> refusal;

        RecordingWriter(Function<Plan, ProblemException> refusal) {
            super(null, null);
            this.refusal = refusal;
        }

        @Override
        public Uni<List<Outcome>> write(List<Plan> plans, SmiStatus status, EventType event, String by) {
            chunks.add(List.copyOf(plans));
            statuses.add(status);
            events.add(event);
            changedBy.add(by);
            return Uni.createFrom().item(plans.stream().map(p -> new Outcome(p, p.premises(), refusal.apply(p))).toList());
        }
    }

    static Supplier<String> lines(List<String> lines) {
        Iterator<String> it = lines.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    static List<LineResult> migrate(RecordingWriter writer, Caller caller, List<String> lines) {
        return new BulkMigration(writer, reference, null, null).migrate(lines(lines), caller).collect().asList().await()
                .indefinitely();
    }

    static List<LineResult> migrate(RecordingWriter writer, List<String> lines) {
        return migrate(writer, SUPPLIER, lines);
    }

    static RecordingWriter storingAll() {
        return new RecordingWriter(p -> null);
    }

    static Summary summary(List<LineResult> results) {
        LineResult last = results.get(results.size() - 1);
        assertThat(last.result()).isEqualTo("summary");
        assertThat(last.line()).isNull();
        return last.summary();
    }

    @Test
    void onlyASupplierOrTheOperatorMayMigrate() {
        Caller network = new Caller("s", "em-networks", Set.of("ED"), Set.of(11));
        BulkMigration migration = new BulkMigration(storingAll(), reference, null, null);
        assertThatThrownBy(() -> migration.migrate(lines(List.of(good(1))), network))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("E2"));
        Caller operator = new Caller("s", "meternet", Set.of("operator"), Set.of());
        assertThat(summary(migrate(storingAll(), operator, List.of(good(1)))).stored()).isEqualTo(1);
    }

    @Test
    void goodLinesAreWrittenAsCommissionedByTheMigratingSupplier() {
        RecordingWriter writer = storingAll();
        List<LineResult> results = migrate(writer, List.of(good(1), good(2)));
        assertThat(writer.chunks).hasSize(1);
        assertThat(writer.chunks.get(0)).allSatisfy(p -> {
            assertThat(p.supplierOrg()).isEqualTo("bright-energy");
            assertThat(p.installedAt()).hasToString("2019-05-21T09:00:00Z");
        });
        assertThat(writer.statuses).containsExactly(SmiStatus.COMMISSIONED);
        assertThat(writer.events).containsExactly(EventType.DEVICE_COMMISSIONED);
        assertThat(writer.changedBy).containsExactly("bright-energy (migration)");
        assertThat(results).hasSize(3);
        LineResult first = results.get(0);
        assertThat(first.line()).isEqualTo(1L);
        assertThat(first.result()).isEqualTo("stored");
        assertThat(first.devices()).isEqualTo(2);
        assertThat(first.installationId()).isEqualTo(writer.chunks.get(0).get(0).installationId());
        assertThat(first.premisesId()).isEqualTo(writer.chunks.get(0).get(0).premises().id());
        assertThat(first.code()).isNull();
        Summary s = summary(results);
        assertThat(s.lines()).isEqualTo(2);
        assertThat(s.stored()).isEqualTo(2);
        assertThat(s.rejected()).isZero();
        assertThat(s.devices()).isEqualTo(4);
    }

    @Test
    void aBadLineIsRejectedWithItsLineNumberAndTheOthersAreStillStoredInOrder() {
        String badMpan = good(3).replace("1100000000017", "1100000000018");
        List<LineResult> results = migrate(storingAll(), List.of(good(1), badMpan, good(2)));
        assertThat(results).extracting(LineResult::line).containsExactly(1L, 2L, 3L, null);
        assertThat(results).extracting(LineResult::result).containsExactly("stored", "rejected", "stored", "summary");
        LineResult rejected = results.get(1);
        assertThat(rejected.code()).isEqualTo("INVALID_MPAN");
        assertThat(rejected.field()).isEqualTo("devices[1].mpxn");
        assertThat(rejected.detail()).contains("check digit");
        assertThat(rejected.installationId()).isNull();
        Summary s = summary(results);
        assertThat(s.lines()).isEqualTo(3);
        assertThat(s.stored()).isEqualTo(2);
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(s.devices()).isEqualTo(4);
    }

    @Test
    void anInstallationBreakingARuleIsRejectedWithTheRulesCodeAndField() {
        String noHub = """
                {"premises":{"postcode":"ME19 4AB"},"devices":[{"deviceId":"00-DB-12-34-56-78-91-01","deviceType":"ESME","mpxn":"1100000000017"}]}""";
        String unknownPostcode = good(1).replace("ME19 4AB", "ZZ99 9ZZ");
        List<LineResult> results = migrate(storingAll(), List.of(noHub, unknownPostcode));
        assertThat(results.get(0).code()).isEqualTo("CHF_REQUIRED");
        assertThat(results.get(0).field()).isEqualTo("devices[0].deviceType");
        assertThat(results.get(1).code()).isEqualTo("UNRESOLVED_POSTCODE");
        assertThat(results.get(1).field()).isEqualTo("premises.postcode");
    }

    @Test
    void aSupplierMigratingForAnotherIsRejectedLineByLine() {
        String forVolt = good(1).replace("{\"premises\"", "{\"supplier\":\"volt-supply\",\"premises\"");
        List<LineResult> results = migrate(storingAll(), List.of(forVolt, good(2)));
        assertThat(results.get(0).result()).isEqualTo("rejected");
        assertThat(results.get(0).code()).isEqualTo("E4");
        assertThat(results.get(0).field()).isEqualTo("supplier");
        assertThat(results.get(1).result()).isEqualTo("stored");
    }

    @Test
    void aLineThatIsNotJsonIsRejectedAsInvalidJson() {
        List<LineResult> results = migrate(storingAll(), List.of("{\"premises\":", "not json", good(1)));
        assertThat(results).extracting(LineResult::code).startsWith("INVALID_JSON", "INVALID_JSON", null);
        assertThat(results.get(0).field()).isNull();
        assertThat(results.get(2).result()).isEqualTo("stored");
    }

    @Test
    void aKeyGivenTwiceIsInvalidJson() {
        String twice = good(1).replace("{\"premises\"", "{\"supplier\":\"a\",\"supplier\":\"b\",\"premises\"");
        assertThat(migrate(storingAll(), List.of(twice)).get(0).code()).isEqualTo("INVALID_JSON");
    }

    @Test
    void aValueOfTheWrongKindIsInvalidJsonNamingItsField() {
        String badTime = good(1).replace("2019-05-21T09:00:00Z", "yesterday");
        LineResult r = migrate(storingAll(), List.of(badTime)).get(0);
        assertThat(r.code()).isEqualTo("INVALID_JSON");
        assertThat(r.field()).isEqualTo("installedAt");
    }

    @Test
    void blankLinesAreCountedButNotAnswered() {
        List<LineResult> results = migrate(storingAll(), List.of("", good(1), "   ", good(2)));
        assertThat(results).extracting(LineResult::line).containsExactly(2L, 4L, null);
        Summary s = summary(results);
        assertThat(s.lines()).isEqualTo(4);
        assertThat(s.stored() + s.rejected()).isEqualTo(2);
    }

    @Test
    void anEmptyStreamAnswersOnlyASummary() {
        RecordingWriter writer = storingAll();
        List<LineResult> results = migrate(writer, List.of());
        assertThat(results).hasSize(1);
        assertThat(summary(results)).satisfies(s -> {
            assertThat(s.lines()).isZero();
            assertThat(s.stored()).isZero();
            assertThat(s.installationsPerSecond()).isZero();
        });
        assertThat(writer.chunks).isEmpty();
    }

    @Test
    void onlyRejectedLinesWriteNothing() {
        RecordingWriter writer = storingAll();
        assertThat(summary(migrate(writer, List.of("x", "y"))).rejected()).isEqualTo(2);
        assertThat(writer.chunks).isEmpty();
    }

    @Test
    void anInstallationTheDatabaseRefusesIsRejectedWithItsProblemAndTheRestAreStored() {
        RecordingWriter writer = new RecordingWriter(p -> p.devices().get(0).deviceId().endsWith("-02")
                ? new ProblemException(409, "PREMISES_HAS_CHF", "devices[0].deviceType", "the premises has a comms hub")
                : null);
        List<LineResult> results = migrate(writer, List.of(good(1), good(2), good(3)));
        assertThat(results).extracting(LineResult::result).containsExactly("stored", "rejected", "stored", "summary");
        assertThat(results.get(1).code()).isEqualTo("PREMISES_HAS_CHF");
        assertThat(results.get(1).field()).isEqualTo("devices[0].deviceType");
        assertThat(results.get(1).line()).isEqualTo(2L);
        Summary s = summary(results);
        assertThat(s.stored()).isEqualTo(2);
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(s.devices()).isEqualTo(4);
    }

    @Test
    void linesAreWrittenInChunksOfAtMostFiveHundredAndAnsweredInOrder() {
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 1203; i++) {
            input.add(i % 100 == 7 ? "bad" : good(i));
        }
        RecordingWriter writer = storingAll();
        List<LineResult> results = migrate(writer, input);
        assertThat(writer.chunks).hasSizeGreaterThanOrEqualTo(3).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(500));
        assertThat(writer.chunks.stream().mapToInt(List::size).sum()).isEqualTo(1203 - 12);
        List<Long> numbers = results.subList(0, results.size() - 1).stream().map(LineResult::line).toList();
        assertThat(numbers).hasSize(1203).isSorted().doesNotHaveDuplicates();
        assertThat(numbers.get(0)).isEqualTo(1L);
        assertThat(numbers.get(1202)).isEqualTo(1203L);
        Summary s = summary(results);
        assertThat(s.lines()).isEqualTo(1203);
        assertThat(s.rejected()).isEqualTo(12);
        assertThat(s.stored()).isEqualTo(1191);
        assertThat(s.devices()).isEqualTo(2382);
    }

    @Test
    void aFailingWriterFailsTheStream() {
        RecordingWriter writer = new RecordingWriter(p -> null) {
            @Override
            public Uni<List<Outcome>> write(List<Plan> plans, SmiStatus status, EventType event, String by) {
                return Uni.createFrom().failure(new IllegalStateException("database gone"));
            }
        };
        assertThatThrownBy(() -> migrate(writer, List.of(good(1)))).hasMessageContaining("database gone");
    }
}
