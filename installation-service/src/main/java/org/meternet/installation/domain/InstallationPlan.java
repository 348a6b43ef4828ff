package org.meternet.installation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.id.LocalAuthorityCode;
import org.meternet.platform.id.MpanCore;
import org.meternet.platform.id.Mprn;
import org.meternet.platform.id.Postcode;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.LocalAuthority;
import org.meternet.platform.reference.ReferenceData;

/**
 * An installation checked against the inventory's rules before anything is written: identifiers,
 * device type against fuel and metering point, the hub and gas proxy the meters need, times. What
 * only the database can tell (a device id or MPAN already in use, a second hub at the premises) is
 * checked by its constraints in the same transaction.
 */
public final class InstallationPlan {
    private InstallationPlan() {
    }

    /** A premises as given: new (postcode, optional UPRN and override) or an existing one's id. */
    public record PremisesSpec(String postcode, String uprn, String localAuthorityOverride) {
    }

    public record DeviceSpec(String deviceId, String deviceType, String mpxn, String fuel, String manufacturer, String model,
            String firmwareVersion, String smetsVersion) {
    }

    public record Request(PremisesSpec premises, UUID premisesId, Instant installedAt, String supplier, List<DeviceSpec> devices) {
    }

    /** A new premises with its local authority resolved, or the id of an existing one. */
    public record PlannedPremises(UUID id, boolean existing, String postcode, String uprn, String localAuthorityCode,
            String regionCode) {
    }

    public record PlannedDevice(String deviceId, DeviceType type, String mpxn, String fuel, Integer distributionArea,
            String chfId, String gpfId, String meterId, String manufacturer, String model, String firmwareVersion,
            String smetsVersion) {
    }

    public record Plan(UUID installationId, PlannedPremises premises, Instant installedAt, String supplierOrg,
            List<PlannedDevice> devices) {
    }

    public static Plan of(Request r, String callerOrg, boolean callerIsOperator, ReferenceData reference, Instant now) {
        if (r == null) {
            throw ProblemException.badRequest("REQUIRED", null, "an installation is required");
        }
        String supplier = supplier(r.supplier(), callerOrg, callerIsOperator);
        Instant installedAt = r.installedAt() == null ? now : r.installedAt();
        if (installedAt.isAfter(now.plus(SmiLifecycle.CLOCK_SKEW))) {
            throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "installedAt", "installedAt " + installedAt
                    + " is in the future");
        }
        if (installedAt.isBefore(Instant.parse("2016-01-01T00:00:00Z"))) {
            throw ProblemException.badRequest("INVALID_EFFECTIVE_TIME", "installedAt", "installedAt " + installedAt
                    + " is before SMETS2 meters existed");
        }
        PlannedPremises premises = premises(r, reference);
        if (r.devices() == null || r.devices().isEmpty()) {
            throw ProblemException.badRequest("REQUIRED", "devices", "an installation has at least one device");
        }
        return new Plan(UUID.randomUUID(), premises, installedAt, supplier, devices(r.devices()));
    }

    /** Checks one device's own rules (identifier, type, metering point); associations are set by the caller. */
    public static PlannedDevice device(DeviceSpec d, String field) {
        if (d == null) {
            throw ProblemException.badRequest("REQUIRED", field.isEmpty() ? null : field, "a device is required");
        }
        DeviceId id = DeviceId.parse(d.deviceId(), at(field, "deviceId"));
        DeviceType type = type(d.deviceType(), at(field, "deviceType"));
        String mpxn = null;
        Integer area = null;
        if (type == DeviceType.ESME) {
            MpanCore mpan = MpanCore.parse(d.mpxn(), at(field, "mpxn"));
            mpxn = mpan.value();
            area = mpan.distributorId();
        } else if (type == DeviceType.GSME) {
            mpxn = Mprn.parse(d.mpxn(), at(field, "mpxn")).value();
        } else if (d.mpxn() != null && !d.mpxn().isBlank()) {
            throw ProblemException.badRequest("MPXN_NOT_APPLICABLE", at(field, "mpxn"), "a " + type + " has no metering point");
        }
        DeviceType.Fuel fuel = type.fuel();
        if (d.fuel() != null && !d.fuel().isBlank() && (fuel == null || !fuel.name().equalsIgnoreCase(d.fuel().trim()))) {
            throw ProblemException.badRequest("FUEL_MISMATCH", at(field, "fuel"), "a " + type + " does not meter "
                    + d.fuel() + (fuel == null ? "" : "; it meters " + fuel));
        }
        return new PlannedDevice(id.value(), type, mpxn, fuel == null ? null : fuel.name(), area, null, null, null,
                d.manufacturer(), d.model(), d.firmwareVersion(), d.smetsVersion() == null ? "SMETS2" : d.smetsVersion());
    }

    /** The name of a nested field: "mpxn" at the top level, "devices[1].mpxn" inside a list. */
    static String at(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static List<PlannedDevice> devices(List<DeviceSpec> specs) {
        List<PlannedDevice> checked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String chf = null;
        String gpf = null;
        for (int i = 0; i < specs.size(); i++) {
            String field = "devices[" + i + "]";
            PlannedDevice d = device(specs.get(i), field);
            if (!seen.add(d.deviceId())) {
                throw ProblemException.badRequest("DUPLICATE_DEVICE", field + ".deviceId", d.deviceId() + " appears twice");
            }
            if (d.type() == DeviceType.CHF) {
                if (chf != null) {
                    throw ProblemException.badRequest("ONE_CHF_PER_PREMISES", field + ".deviceType", "an installation has one comms hub");
                }
                chf = d.deviceId();
            }
            if (d.type() == DeviceType.GPF) {
                gpf = d.deviceId();
            }
            checked.add(d);
        }
        String esme = checked.stream().filter(d -> d.type() == DeviceType.ESME).map(PlannedDevice::deviceId).findFirst().orElse(null);
        String gsme = checked.stream().filter(d -> d.type() == DeviceType.GSME).map(PlannedDevice::deviceId).findFirst().orElse(null);
        List<PlannedDevice> associated = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            PlannedDevice d = checked.get(i);
            String field = "devices[" + i + "]";
            String hub = d.type() == DeviceType.CHF ? null : chf;
            if ((d.type().isMeter() || d.type() == DeviceType.GPF) && chf == null) {
                throw ProblemException.badRequest("CHF_REQUIRED", field + ".deviceType", "a " + d.type()
                        + " joins a comms hub's network: the installation needs its CHF");
            }
            if (d.type() == DeviceType.GSME && gpf == null) {
                throw ProblemException.badRequest("GPF_REQUIRED", field + ".deviceType", "a GSME is associated with a gas proxy function (GPF)");
            }
            String meter = switch (d.type()) {
                case IHD, PPMID, CAD, HCALCS -> esme != null ? esme : gsme;
                default -> null;
            };
            associated.add(new PlannedDevice(d.deviceId(), d.type(), d.mpxn(), d.fuel(), d.distributionArea(), hub,
                    d.type() == DeviceType.GSME ? gpf : null, meter, d.manufacturer(), d.model(), d.firmwareVersion(),
                    d.smetsVersion()));
        }
        return associated;
    }

    static PlannedPremises premises(Request r, ReferenceData reference) {
        if (r.premisesId() != null) {
            return new PlannedPremises(r.premisesId(), true, null, null, null, null);
        }
        if (r.premises() == null) {
            throw ProblemException.badRequest("REQUIRED", "premises", "premises (postcode) or premisesId is required");
        }
        return newPremises(r.premises(), reference, "premises.");
    }

    public static PlannedPremises newPremises(PremisesSpec p, ReferenceData reference, String prefix) {
        Postcode postcode = Postcode.parse(p.postcode(), prefix + "postcode");
        LocalAuthority la;
        if (p.localAuthorityOverride() != null && !p.localAuthorityOverride().isBlank()) {
            LocalAuthorityCode code = LocalAuthorityCode.parse(p.localAuthorityOverride(), prefix + "localAuthorityOverride");
            la = reference.localAuthority(code.value()).orElseThrow(() -> ProblemException.badRequest(
                    "UNKNOWN_LOCAL_AUTHORITY", prefix + "localAuthorityOverride", code + " is not in the reference data"));
        } else {
            la = reference.localAuthorityOf(postcode).orElseThrow(() -> ProblemException.badRequest("UNRESOLVED_POSTCODE",
                    prefix + "postcode", "no local authority is known for " + postcode + "; give localAuthorityOverride"));
        }
        String uprn = p.uprn() == null || p.uprn().isBlank() ? null : p.uprn().trim();
        if (uprn != null && !uprn.matches("\\d{1,12}")) {
            throw ProblemException.badRequest("INVALID_UPRN", prefix + "uprn", "a UPRN is up to 12 digits");
        }
        return new PlannedPremises(UUID.randomUUID(), false, postcode.value(), uprn, la.code(), la.regionCode());
    }

    static DeviceType type(String text, String field) {
        try {
            return DeviceType.valueOf(text == null ? "" : text.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("INVALID_DEVICE_TYPE", field, "deviceType '" + text + "' is not one of "
                    + java.util.Arrays.toString(DeviceType.values()));
        }
    }

    private static String supplier(String requested, String callerOrg, boolean callerIsOperator) {
        if (requested == null || requested.isBlank() || requested.equals(callerOrg)) {
            if (callerOrg == null) {
                throw ProblemException.roleNotPermitted("the caller's token names no organisation");
            }
            return callerOrg;
        }
        if (!callerIsOperator) {
            throw new ProblemException(403, "E4", "supplier", "a supplier installs only for itself");
        }
        return requested;
    }

    /** How far ahead a change of supplier may be dated. */
    public static final Duration MAX_FUTURE_SUPPLIER_CHANGE = Duration.ofDays(90);
}
