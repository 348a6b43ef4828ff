package org.meternet.messaging.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.Topics;
import org.meternet.platform.event.Topics.HubMessageKind;
import org.meternet.platform.event.Topics.HubTopic;
import org.meternet.platform.hub.AlertCatalogue;
import org.meternet.platform.hub.DailyReadLog;
import org.meternet.platform.hub.DeviceAlert;
import org.meternet.platform.hub.HalfHourlyProfile;
import org.meternet.platform.hub.HubMessage;
import org.meternet.platform.hub.RegisterRead;
import org.meternet.platform.id.DeviceId;

/**
 * Reads what a hub published into a {@link HubMessage}, or says precisely why it cannot: the code
 * and the offending field go to the dead-letter table. Never throws on any input.
 */
public final class HubMessageParser {
    /**
     * No smart meter kept time before this, and a hub's clock may run ahead by at most {@link #AHEAD}: a time outside
     * would land outside every monthly partition (kept for ever, never dropped by retention) and be served to
     * suppliers as if it were a reading of a time when none was registered.
     */
    public static final Instant EARLIEST = Instant.parse("2010-01-01T00:00:00Z");
    public static final Duration AHEAD = Duration.ofDays(1);

    private final int maxPayloadBytes;
    private final java.time.Clock clock;

    public HubMessageParser(int maxPayloadBytes) {
        this(maxPayloadBytes, java.time.Clock.systemUTC());
    }

    public HubMessageParser(int maxPayloadBytes, java.time.Clock clock) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
    }

    /** IMPLAUSIBLE_TIME naming the field when {@code t} lies outside [EARLIEST, now + AHEAD]; null when it is plausible. */
    private Rejected implausible(Instant t, String field) {
        Instant latest = clock.instant().plus(AHEAD);
        if (t.isBefore(EARLIEST) || t.isAfter(latest)) {
            return new Rejected("IMPLAUSIBLE_TIME", field, field + " " + t + " is outside " + EARLIEST + " to " + latest
                    + " (the hub's clock is wrong)");
        }
        return null;
    }

    public sealed interface Outcome permits Parsed, Rejected {
    }

    /** A message the platform can read: the hub it came through and its content, device id canonical. */
    public record Parsed(HubTopic topic, HubMessage message) implements Outcome {
        public String hub() {
            return topic.chf().value();
        }

        public String deviceId() {
            return topic.device().value();
        }
    }

    public record Rejected(String code, String field, String reason) implements Outcome {
    }

    public Outcome parse(String topicName, byte[] payload) {
        Optional<HubTopic> topic = Topics.parseHubUp(topicName);
        if (topic.isEmpty()) {
            return new Rejected("BAD_TOPIC", null, "'" + topicName + "' is not a hub readings or alerts topic");
        }
        if (payload.length > maxPayloadBytes) {
            return new Rejected("OVERSIZE", null, "payload of " + payload.length + " bytes exceeds the limit of "
                    + maxPayloadBytes);
        }
        HubMessage message;
        try {
            message = EventCodec.MAPPER.readValue(payload, HubMessage.class);
        } catch (InvalidTypeIdException e) {
            String kind = e.getTypeId();
            return kind == null || kind.isBlank()
                    ? new Rejected("MALFORMED", "kind", "kind is required")
                    : new Rejected("UNKNOWN_KIND", "kind", "kind '" + kind + "' is not one of " + KINDS);
        } catch (JsonMappingException e) {
            return new Rejected("MALFORMED", org.meternet.platform.problem.JsonField.of(e), "not a hub message: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return new Rejected("MALFORMED", null, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Rejected("MALFORMED", null, "unreadable: " + e.getMessage());
        }
        if (message == null) {
            return new Rejected("MALFORMED", null, "empty payload");
        }
        HubTopic t = topic.get();
        Rejected invalid = check(t, message);
        return invalid != null ? invalid : new Parsed(t, message);
    }

    private static final List<String> KINDS = List.of(RegisterRead.KIND, DailyReadLog.KIND, HalfHourlyProfile.KIND,
            DeviceAlert.KIND);

    private Rejected check(HubTopic topic, HubMessage m) {
        if (m.schemaVersion() != HubMessage.SCHEMA_VERSION) {
            return new Rejected("UNSUPPORTED_VERSION", "schemaVersion", "schemaVersion " + m.schemaVersion()
                    + " is not supported (this platform reads version " + HubMessage.SCHEMA_VERSION + ")");
        }
        boolean alert = m instanceof DeviceAlert;
        if (alert != (topic.kind() == HubMessageKind.ALERTS)) {
            return new Rejected("WRONG_TOPIC", "kind", "kind '" + m.kind() + "' does not belong on the "
                    + topic.kind().segment() + " topic");
        }
        if (m.messageId() == null || m.messageId().isBlank() || m.messageId().length() > 64) {
            return new Rejected("MALFORMED", "messageId", "messageId is required (1 to 64 characters)");
        }
        if (m.deviceTime() == null) {
            return new Rejected("MALFORMED", "deviceTime", "deviceTime is required");
        }
        Rejected badTime = implausible(m.deviceTime(), "deviceTime");
        if (badTime != null) {
            return badTime;
        }
        if (m.deviceId() != null && !topic.device().value().equals(canonical(m.deviceId()))) {
            return new Rejected("DEVICE_MISMATCH", "deviceId", "payload deviceId " + m.deviceId()
                    + " disagrees with the topic's " + topic.device().value());
        }
        if (m instanceof RegisterRead r) {
            return checkRegisters(r);
        }
        if (m instanceof DailyReadLog d) {
            return checkDays(d);
        }
        if (m instanceof HalfHourlyProfile p) {
            return checkProfile(p);
        }
        DeviceAlert a = (DeviceAlert) m;
        return AlertCatalogue.normalise(a.alertCode()).isPresent() ? null
                : new Rejected("MALFORMED", "alertCode", "alertCode '" + a.alertCode() + "' is not a 16-bit hex code such as 8F35");
    }

    private static Rejected checkRegisters(RegisterRead r) {
        if (r.importWh() == null && r.exportWh() == null && r.gasM3() == null) {
            return new Rejected("MALFORMED", "importWh", "a register read needs importWh, exportWh or gasM3");
        }
        return negative(r.importWh(), r.exportWh(), r.gasM3(), "");
    }

    private static Rejected negative(Long importWh, Long exportWh, Double gasM3, String prefix) {
        if (importWh != null && importWh < 0) {
            return new Rejected("MALFORMED", prefix + "importWh", "importWh must not be negative");
        }
        if (exportWh != null && exportWh < 0) {
            return new Rejected("MALFORMED", prefix + "exportWh", "exportWh must not be negative");
        }
        if (gasM3 != null && (gasM3 < 0 || gasM3.isNaN() || gasM3.isInfinite())) {
            return new Rejected("MALFORMED", prefix + "gasM3", "gasM3 must be a non-negative number");
        }
        return null;
    }

    private Rejected checkDays(DailyReadLog d) {
        if (d.days() == null || d.days().isEmpty() || d.days().size() > DailyReadLog.MAX_DAYS) {
            return new Rejected("MALFORMED", "days", "a daily read log holds 1 to " + DailyReadLog.MAX_DAYS + " days");
        }
        Set<java.time.LocalDate> dates = new HashSet<>();
        for (int i = 0; i < d.days().size(); i++) {
            DailyReadLog.Day day = d.days().get(i);
            String at = "days[" + i + "].";
            if (day == null || day.date() == null) {
                return new Rejected("MALFORMED", at + "date", "every day needs its date");
            }
            if (!dates.add(day.date())) {
                return new Rejected("MALFORMED", at + "date", "day " + day.date() + " appears twice");
            }
            Rejected badDay = implausible(day.date().atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), at + "date");
            if (badDay != null) {
                return badDay;
            }
            Rejected bad = negative(day.importWh(), day.exportWh(), day.gasM3(), at);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private Rejected checkProfile(HalfHourlyProfile p) {
        if (p.periodStart() == null) {
            return new Rejected("MALFORMED", "periodStart", "periodStart is required");
        }
        Rejected badStart = implausible(p.periodStart(), "periodStart");
        if (badStart != null) {
            return badStart;
        }
        if (p.periodStart().getEpochSecond() % Duration.ofMinutes(30).toSeconds() != 0 || p.periodStart().getNano() != 0) {
            return new Rejected("MALFORMED", "periodStart", "periodStart " + p.periodStart() + " is not on a half-hour boundary");
        }
        int n = p.intervals();
        if (n < 1 || n > HalfHourlyProfile.MAX_INTERVALS) {
            return new Rejected("MALFORMED", "importWh", "a profile holds 1 to " + HalfHourlyProfile.MAX_INTERVALS
                    + " half-hour intervals");
        }
        String mismatched = p.importWh() != null && p.importWh().size() != n ? "importWh"
                : p.exportWh() != null && p.exportWh().size() != n ? "exportWh"
                : p.gasM3() != null && p.gasM3().size() != n ? "gasM3" : null;
        if (mismatched != null) {
            return new Rejected("MALFORMED", mismatched, "every series of a profile has one value per interval (" + n + ")");
        }
        for (int i = 0; i < n; i++) {
            Rejected bad = negative(at(p.importWh(), i), at(p.exportWh(), i), at(p.gasM3(), i), "[" + i + "]");
            if (bad != null) {
                return new Rejected(bad.code(), bad.field().replaceFirst("^\\[(\\d+)\\](.*)$", "$2[$1]"), bad.reason());
            }
        }
        return null;
    }

    private static <T> T at(List<T> values, int i) {
        return values == null ? null : values.get(i);
    }

    private static String canonical(String id) {
        try {
            return DeviceId.parse(id).value();
        } catch (IllegalArgumentException e) {
            return id;
        }
    }
}
