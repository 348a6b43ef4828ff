package org.meternet.installation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meternet.installation.domain.InventoryAccess.Operation;
import org.meternet.installation.domain.InventoryAccess.Relation;
import org.meternet.installation.domain.InventoryAccess.Verdict;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;

/** The inventory's authorization as a table: role x operation x relation -> allowed, E2 or E4. */
class InventoryAccessTest {
    static final Map<String, Caller> CALLERS = Map.of(
            "ISGS", new Caller("s", "bright-energy", Set.of("IS", "GS"), Set.of()),
            "ES", new Caller("s", "export-co", Set.of("ES"), Set.of()),
            "ED", new Caller("s", "em-networks", Set.of("ED"), Set.of(11)),
            "OU", new Caller("s", "other-user", Set.of("OU"), Set.of()),
            "OPS", new Caller("s", "meternet", Set.of("operator"), Set.of()),
            "SVC", new Caller("s", "meternet", Set.of("platform-service"), Set.of()),
            "NONE", new Caller("s", "someone", Set.of("offline_access"), Set.of()));

    /**
     * caller, operation, relation, verdict. Relations: RS registered supplier, NO network operator of the area, PR
     * registrant of an empty premises, GS gaining supplier, -- none, NA nothing named. Written out by hand from
     * the eligibility table of docs/contracts.md, not from the class under test.
     */
    static final String TABLE = """
            ISGS REGISTER_PREMISES NA ALLOWED
            ES   REGISTER_PREMISES NA ALLOWED
            ED   REGISTER_PREMISES NA ALLOWED
            OU   REGISTER_PREMISES NA ALLOWED
            OPS  REGISTER_PREMISES NA ALLOWED
            SVC  REGISTER_PREMISES NA E2
            NONE REGISTER_PREMISES NA E2
            ISGS READ_PREMISES RS ALLOWED
            ISGS READ_PREMISES PR ALLOWED
            ISGS READ_PREMISES -- E4
            ED   READ_PREMISES NO ALLOWED
            ED   READ_PREMISES -- E4
            OU   READ_PREMISES -- E4
            OPS  READ_PREMISES -- ALLOWED
            SVC  READ_PREMISES -- ALLOWED
            NONE READ_PREMISES -- E2
            ISGS PRE_NOTIFY NA ALLOWED
            ES   PRE_NOTIFY NA ALLOWED
            ED   PRE_NOTIFY NA E4
            OU   PRE_NOTIFY NA E4
            OPS  PRE_NOTIFY NA ALLOWED
            SVC  PRE_NOTIFY NA E2
            ISGS LIST_DEVICES NA ALLOWED
            ED   LIST_DEVICES NA ALLOWED
            OU   LIST_DEVICES NA ALLOWED
            SVC  LIST_DEVICES NA ALLOWED
            NONE LIST_DEVICES NA E2
            ISGS READ_DEVICE RS ALLOWED
            ISGS READ_DEVICE -- E4
            ISGS READ_DEVICE GS E4
            ES   READ_DEVICE RS ALLOWED
            ED   READ_DEVICE NO ALLOWED
            ED   READ_DEVICE -- E4
            OU   READ_DEVICE -- E4
            OPS  READ_DEVICE -- ALLOWED
            SVC  READ_DEVICE -- ALLOWED
            NONE READ_DEVICE RS E2
            ISGS READ_STATUS_HISTORY RS ALLOWED
            ISGS READ_STATUS_HISTORY -- E4
            ED   READ_STATUS_HISTORY NO ALLOWED
            ISGS READ_SUPPLIER_HISTORY RS ALLOWED
            ISGS READ_SUPPLIER_HISTORY -- E4
            ED   READ_SUPPLIER_HISTORY NO ALLOWED
            ED   READ_SUPPLIER_HISTORY -- E4
            ISGS UPDATE_DEVICE_LOG RS ALLOWED
            ISGS UPDATE_DEVICE_LOG -- E4
            OU   UPDATE_DEVICE_LOG -- E4
            ES   UPDATE_DEVICE_LOG RS E2
            ED   UPDATE_DEVICE_LOG NO E2
            OPS  UPDATE_DEVICE_LOG -- ALLOWED
            SVC  UPDATE_DEVICE_LOG RS E2
            ISGS COMMISSION RS ALLOWED
            ISGS COMMISSION -- E4
            ISGS COMMISSION NO E4
            ES   COMMISSION RS E2
            ED   COMMISSION NO E2
            ED   COMMISSION -- E2
            OU   COMMISSION -- E2
            OPS  COMMISSION -- ALLOWED
            SVC  COMMISSION -- E2
            ISGS DECOMMISSION RS ALLOWED
            ISGS DECOMMISSION -- E4
            ED   DECOMMISSION NO E2
            OPS  DECOMMISSION -- ALLOWED
            SVC  DECOMMISSION -- E2
            ISGS OPERATOR_STATUS_CHANGE RS E2
            ED   OPERATOR_STATUS_CHANGE NO E2
            OPS  OPERATOR_STATUS_CHANGE -- ALLOWED
            SVC  OPERATOR_STATUS_CHANGE -- E2
            ISGS CHANGE_SUPPLIER GS ALLOWED
            ISGS CHANGE_SUPPLIER RS E4
            ISGS CHANGE_SUPPLIER -- E4
            ES   CHANGE_SUPPLIER GS E2
            ED   CHANGE_SUPPLIER NO E2
            OPS  CHANGE_SUPPLIER -- ALLOWED
            SVC  CHANGE_SUPPLIER -- E2
            ISGS ISSUE_HUB_CERTIFICATE RS ALLOWED
            ISGS ISSUE_HUB_CERTIFICATE -- E4
            ED   ISSUE_HUB_CERTIFICATE NO E2
            OPS  ISSUE_HUB_CERTIFICATE -- ALLOWED
            SVC  ISSUE_HUB_CERTIFICATE -- E2
            ISGS INSTALL NA ALLOWED
            ES   INSTALL NA E2
            ED   INSTALL NA E2
            OU   INSTALL NA E2
            OPS  INSTALL NA ALLOWED
            SVC  INSTALL NA E2
            ISGS ADD_TO_PREMISES RS ALLOWED
            ISGS ADD_TO_PREMISES PR ALLOWED
            ISGS ADD_TO_PREMISES -- E4
            ED   ADD_TO_PREMISES NO E4
            OPS  ADD_TO_PREMISES -- ALLOWED
            SVC  ADD_TO_PREMISES RS E2
            ISGS MIGRATE NA ALLOWED
            ED   MIGRATE NA E2
            OPS  MIGRATE NA ALLOWED
            SVC  MIGRATE NA E2
            ISGS READ_INSTALLATION RS ALLOWED
            ISGS READ_INSTALLATION -- E4
            ED   READ_INSTALLATION NO ALLOWED
            ED   READ_INSTALLATION -- E4
            OPS  READ_INSTALLATION -- ALLOWED
            SVC  READ_INSTALLATION -- ALLOWED
            ISGS READ_PKI NA ALLOWED
            ED   READ_PKI NA ALLOWED
            OU   READ_PKI NA ALLOWED
            SVC  READ_PKI NA ALLOWED
            NONE READ_PKI NA E2
            """;

    static Relation relation(String code) {
        return switch (code) {
            case "RS" -> Relation.REGISTERED_SUPPLIER;
            case "NO" -> Relation.AREA_NETWORK_OPERATOR;
            case "PR" -> Relation.PREMISES_REGISTRANT;
            case "GS" -> Relation.GAINING_SUPPLIER;
            case "NA" -> Relation.NOT_APPLICABLE;
            default -> Relation.NONE;
        };
    }

    @Test
    void everyRowOfTheTableIsDecidedAsWritten() {
        List<String> wrong = new ArrayList<>();
        EnumSet<Operation> covered = EnumSet.noneOf(Operation.class);
        for (String row : TABLE.strip().split("\n")) {
            String[] c = row.trim().split("\\s+");
            Operation op = Operation.valueOf(c[1]);
            covered.add(op);
            Verdict got = InventoryAccess.decide(CALLERS.get(c[0]), op, relation(c[2]));
            if (got != Verdict.valueOf(c[3])) {
                wrong.add(row.trim() + " but was " + got);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(covered).as("every operation has rows").containsExactlyInAnyOrder(Operation.values());
    }

    @Test
    void aStatusChangeIsTheVariantOfWhereItGoesAndWhereItComesFrom() {
        assertThat(InventoryAccess.statusChange(SmiStatus.INSTALLED_NOT_COMMISSIONED, SmiStatus.COMMISSIONED)).isEqualTo(Operation.COMMISSION);
        assertThat(InventoryAccess.statusChange(null, SmiStatus.COMMISSIONED)).isEqualTo(Operation.COMMISSION);
        // an impossible commissioning is still the supplier's to ask for: the lifecycle refuses it with E5
        assertThat(InventoryAccess.statusChange(SmiStatus.PENDING, SmiStatus.COMMISSIONED)).isEqualTo(Operation.COMMISSION);
        // back into service after the operator suspended or recovered it: the operator's, not a commissioning
        assertThat(InventoryAccess.statusChange(SmiStatus.SUSPENDED, SmiStatus.COMMISSIONED)).isEqualTo(Operation.OPERATOR_STATUS_CHANGE);
        assertThat(InventoryAccess.statusChange(SmiStatus.RECOVERED, SmiStatus.COMMISSIONED)).isEqualTo(Operation.OPERATOR_STATUS_CHANGE);
        assertThat(InventoryAccess.statusChange(SmiStatus.COMMISSIONED, SmiStatus.DECOMMISSIONED)).isEqualTo(Operation.DECOMMISSION);
        for (SmiStatus s : List.of(SmiStatus.PENDING, SmiStatus.WHITELISTED, SmiStatus.INSTALLED_NOT_COMMISSIONED, SmiStatus.WITHDRAWN)) {
            assertThat(InventoryAccess.statusChange(SmiStatus.PENDING, s)).isEqualTo(Operation.UPDATE_DEVICE_LOG);
        }
        for (SmiStatus s : List.of(SmiStatus.SUSPENDED, SmiStatus.RECOVERY, SmiStatus.RECOVERED)) {
            assertThat(InventoryAccess.statusChange(SmiStatus.COMMISSIONED, s)).isEqualTo(Operation.OPERATOR_STATUS_CHANGE);
        }
    }

    @Test
    void theRelationToADeviceFollowsTheRoleThatGivesIt() {
        Caller bright = CALLERS.get("ISGS");
        Caller ed = CALLERS.get("ED");
        assertThat(InventoryAccess.toDevice(bright, "bright-energy", 23)).isEqualTo(Relation.REGISTERED_SUPPLIER);
        assertThat(InventoryAccess.toDevice(bright, "volt-supply", 11)).isEqualTo(Relation.NONE);
        assertThat(InventoryAccess.toDevice(ed, "bright-energy", 11)).isEqualTo(Relation.AREA_NETWORK_OPERATOR);
        assertThat(InventoryAccess.toDevice(ed, "bright-energy", 23)).isEqualTo(Relation.NONE);
        assertThat(InventoryAccess.toDevice(ed, "bright-energy", null)).isEqualTo(Relation.NONE);
        // a network operator's org named as supplier does not make it one: the supplier relation needs a supplier role
        assertThat(InventoryAccess.toDevice(ed, "em-networks", 23)).isEqualTo(Relation.NONE);
        assertThat(InventoryAccess.strongest(Relation.NONE, Relation.AREA_NETWORK_OPERATOR)).isEqualTo(Relation.AREA_NETWORK_OPERATOR);
        assertThat(InventoryAccess.strongest(Relation.REGISTERED_SUPPLIER, Relation.NONE)).isEqualTo(Relation.REGISTERED_SUPPLIER);
    }

    @Test
    void aCollectionReadIsScopedToWhatTheCallerMaySee() {
        assertThat(InventoryAccess.listScope(CALLERS.get("OPS")).everything()).isTrue();
        assertThat(InventoryAccess.listScope(CALLERS.get("SVC")).everything()).isTrue();
        assertThat(InventoryAccess.listScope(CALLERS.get("ISGS"))).isEqualTo(new InventoryAccess.ListScope(false, "bright-energy", Set.of()));
        assertThat(InventoryAccess.listScope(CALLERS.get("ED"))).isEqualTo(new InventoryAccess.ListScope(false, null, Set.of(11)));
        assertThat(InventoryAccess.listScope(CALLERS.get("OU")).nothing()).isTrue();
        assertThatThrownBy(() -> InventoryAccess.listScope(CALLERS.get("NONE"))).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).code()).isEqualTo("E2");
    }

    @Test
    void refusalsAreProblemsWithTheDuisCode() {
        assertThatThrownBy(() -> InventoryAccess.require(CALLERS.get("ED"), Operation.COMMISSION, Relation.AREA_NETWORK_OPERATOR,
                "deviceId", "device X")).isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("E2");
                });
        assertThatThrownBy(() -> InventoryAccess.require(CALLERS.get("ISGS"), Operation.COMMISSION, Relation.NONE,
                "deviceId", "device X")).isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("E4");
                    assertThat(e.field()).isEqualTo("deviceId");
                });
    }
}
