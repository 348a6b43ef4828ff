package org.meternet.installation.domain;

import java.util.Map;
import java.util.Set;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.DeviceAccess;

/**
 * Who may do what in the Smart Metering Inventory, decided here and nowhere else: every operation of
 * installation-service is the DUIS service request variant it amounts to (the same mapping as meter-gateway's
 * Route), the caller's role must be eligible for that variant (else E2), and the caller must stand in the relation
 * the operation needs to the thing it names (else E4). The gateway's check is the first line, not the only one:
 * a token presented to this service directly meets the same rules.
 *
 * <p>The operator may do everything. The platform's own services ({@code platform-service}) read everything and
 * change nothing. A supplier is related to a device while it is its registered supplier (change of supplier
 * respected), a network operator (ED, GT) while the device's metering point lies in one of its distribution areas;
 * network operators only read.
 */
public final class InventoryAccess {
    public static final String OPERATOR = "operator";
    public static final String PLATFORM = "platform-service";
    static final Set<String> ALL_DCC_ROLES = Set.of("IS", "ES", "GS", "RSA", "ED", "GT", "OU");

    /** The variants the inventory answers, with their eligible roles (docs/contracts.md's table; "operator": no DCC role). */
    static final Map<String, Set<String>> ELIGIBLE = Map.of(
            "12.2", ALL_DCC_ROLES,
            "8.2", ALL_DCC_ROLES,
            "8.1.1", Set.of("IS", "GS"),
            "8.3", Set.of("IS", "GS"),
            "8.11", Set.of("IS", "GS", "OU"),
            "6.23", Set.of("IS", "GS"),
            OPERATOR, Set.of());

    /** What an operation needs of the caller beyond its role. */
    public enum Needs {
        /** nothing: public material (the CA certificate, the CRL) or a collection read scoped by {@link #listScope}. */
        NOTHING,
        /** the caller creates something registered to itself: it must be able to be a registered supplier. */
        OWN_REGISTRATION,
        /** reading something about a device or premises: its registered supplier, or the network operator of its area. */
        READ_RELATION,
        /** changing a device: its registered supplier only. */
        SUPPLIER_RELATION,
        /** a change of supplier: the gaining supplier asks for itself. */
        GAINING_SUPPLIER,
        /** adding devices to an existing premises: a supplier of a device there, or its registrant while it is empty. */
        PREMISES_SUPPLIER
    }

    /** Every operation of installation-service, with the variant it amounts to and what it needs. */
    public enum Operation {
        REGISTER_PREMISES("12.2", Needs.NOTHING, true),
        READ_PREMISES("8.2", Needs.READ_RELATION, false),
        PRE_NOTIFY("12.2", Needs.OWN_REGISTRATION, true),
        LIST_DEVICES("8.2", Needs.NOTHING, false),
        READ_DEVICE("8.2", Needs.READ_RELATION, false),
        READ_STATUS_HISTORY("8.2", Needs.READ_RELATION, false),
        READ_SUPPLIER_HISTORY("8.2", Needs.READ_RELATION, false),
        /** 8.11 Update HAN Device Log: whitelisting, joining the HAN, back to pending, withdrawal. */
        UPDATE_DEVICE_LOG("8.11", Needs.SUPPLIER_RELATION, true),
        COMMISSION("8.1.1", Needs.SUPPLIER_RELATION, true),
        DECOMMISSION("8.3", Needs.SUPPLIER_RELATION, true),
        /** Suspension, recovery, and a return to service from them: the operator's. */
        OPERATOR_STATUS_CHANGE(OPERATOR, Needs.SUPPLIER_RELATION, true),
        CHANGE_SUPPLIER("6.23", Needs.GAINING_SUPPLIER, true),
        ISSUE_HUB_CERTIFICATE("6.23", Needs.SUPPLIER_RELATION, true),
        INSTALL("8.1.1", Needs.OWN_REGISTRATION, true),
        /** Naming an existing premises in a pre-notification or an installation (so that nobody joins a premises to read it). */
        ADD_TO_PREMISES("12.2", Needs.PREMISES_SUPPLIER, true),
        MIGRATE("8.1.1", Needs.OWN_REGISTRATION, true),
        READ_INSTALLATION("8.2", Needs.READ_RELATION, false),
        READ_PKI("8.2", Needs.NOTHING, false);

        private final String srv;
        private final Needs needs;
        private final boolean write;

        Operation(String srv, Needs needs, boolean write) {
            this.srv = srv;
            this.needs = needs;
            this.write = write;
        }

        public String srv() {
            return srv;
        }

        public Needs needs() {
            return needs;
        }

        public boolean write() {
            return write;
        }
    }

    /** How the caller stands to the thing an operation names, as the inventory found it. */
    public enum Relation {
        /** no device or premises is named (a create, a collection, public material) */
        NOT_APPLICABLE,
        /** the caller is the registered supplier now */
        REGISTERED_SUPPLIER,
        /** the caller is the network operator of the metering point's distribution area */
        AREA_NETWORK_OPERATOR,
        /** the caller registered a premises that has no device yet */
        PREMISES_REGISTRANT,
        /** the caller is the gaining supplier of a change of supplier it asks for */
        GAINING_SUPPLIER,
        /** none of these */
        NONE
    }

    public enum Verdict { ALLOWED, E2, E4 }

    private InventoryAccess() {
    }

    /** The variant a status change amounts to: commissioning 8.1.1, decommissioning 8.3, the device log 8.11, else the operator's. */
    public static Operation statusChange(SmiStatus from, SmiStatus to) {
        return switch (to) {
            // back into service after a suspension or a recovery is the operator's; from anywhere else it is a
            // commissioning (and the lifecycle answers E5 when it cannot be one)
            case COMMISSIONED -> from == SmiStatus.SUSPENDED || from == SmiStatus.RECOVERY || from == SmiStatus.RECOVERED
                    ? Operation.OPERATOR_STATUS_CHANGE : Operation.COMMISSION;
            case DECOMMISSIONED -> Operation.DECOMMISSION;
            case PENDING, WHITELISTED, INSTALLED_NOT_COMMISSIONED, WITHDRAWN -> Operation.UPDATE_DEVICE_LOG;
            case SUSPENDED, RECOVERY, RECOVERED -> Operation.OPERATOR_STATUS_CHANGE;
        };
    }

    /** E2 when no role of the caller is eligible for the operation's variant; the operator and, for reads, the platform pass. */
    public static boolean roleEligible(Caller caller, Operation op) {
        if (caller.isOperator()) {
            return true;
        }
        if (caller.roles().contains(PLATFORM) && !op.write()) {
            return true;
        }
        return caller.hasAnyRole(ELIGIBLE.get(op.srv()));
    }

    /** The whole decision: role first (E2), then the relation (E4). */
    public static Verdict decide(Caller caller, Operation op, Relation relation) {
        if (!roleEligible(caller, op)) {
            return Verdict.E2;
        }
        if (caller.isOperator() || (caller.roles().contains(PLATFORM) && !op.write())) {
            return Verdict.ALLOWED;
        }
        boolean related = switch (op.needs()) {
            case NOTHING -> true;
            case OWN_REGISTRATION -> caller.org() != null && caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES);
            case READ_RELATION -> relation == Relation.REGISTERED_SUPPLIER || relation == Relation.AREA_NETWORK_OPERATOR
                    || relation == Relation.PREMISES_REGISTRANT;
            case SUPPLIER_RELATION -> relation == Relation.REGISTERED_SUPPLIER;
            case GAINING_SUPPLIER -> relation == Relation.GAINING_SUPPLIER;
            case PREMISES_SUPPLIER -> relation == Relation.REGISTERED_SUPPLIER || relation == Relation.PREMISES_REGISTRANT;
        };
        return related ? Verdict.ALLOWED : Verdict.E4;
    }

    /** Only the role: for the start of an operation, before what it names is read (so an ineligible role learns nothing). */
    public static void requireRole(Caller caller, Operation op) {
        if (!roleEligible(caller, op)) {
            throw roleRefused(caller, op);
        }
    }

    /** The decision, as a problem when it is not ALLOWED. */
    public static void require(Caller caller, Operation op, Relation relation, String field, String what) {
        switch (decide(caller, op, relation)) {
            case ALLOWED -> {
            }
            case E2 -> throw roleRefused(caller, op);
            case E4 -> throw new ProblemException(403, "E4", field, "not authorised for " + what + " at this time");
        }
    }

    /** How the caller stands to a device: registered supplier now, or network operator of its area. */
    public static Relation toDevice(Caller caller, String registeredSupplierNow, Integer distributionArea) {
        if (caller.org() != null && caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES) && caller.org().equals(registeredSupplierNow)) {
            return Relation.REGISTERED_SUPPLIER;
        }
        if (caller.hasAnyRole(DeviceAccess.NETWORK_ROLES) && distributionArea != null
                && caller.distributionAreas().contains(distributionArea)) {
            return Relation.AREA_NETWORK_OPERATOR;
        }
        return Relation.NONE;
    }

    /** The strongest relation among several (a premises or an installation holds several devices). */
    public static Relation strongest(Relation a, Relation b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    /** Which devices a collection read may show the caller. */
    public record ListScope(boolean everything, String supplierOrg, Set<Integer> areas) {
        public boolean nothing() {
            return !everything && supplierOrg == null && areas.isEmpty();
        }
    }

    public static ListScope listScope(Caller caller) {
        requireRole(caller, Operation.LIST_DEVICES);
        if (caller.isOperator() || caller.roles().contains(PLATFORM)) {
            return new ListScope(true, null, Set.of());
        }
        String org = caller.org() != null && caller.hasAnyRole(DeviceAccess.SUPPLIER_ROLES) ? caller.org() : null;
        Set<Integer> areas = caller.hasAnyRole(DeviceAccess.NETWORK_ROLES) ? caller.distributionAreas() : Set.of();
        return new ListScope(false, org, areas);
    }

    private static ProblemException roleRefused(Caller caller, Operation op) {
        String srv = op.srv().equals(OPERATOR) ? "this status change (the operator's)" : "SRV " + op.srv();
        return ProblemException.roleNotPermitted("roles " + caller.roles() + " may not use " + srv);
    }
}
