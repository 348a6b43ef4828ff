package org.meternet.platform.event;

import java.util.Optional;
import org.meternet.platform.id.DeviceId;

/** Every MQTT topic of the platform, in one place (docs/contracts.md, MQTT topics). */
public final class Topics {
    public static final String ROOT = "meternet/v1";
    public static final String EVENTS = ROOT + "/events";
    public static final String HUBS = ROOT + "/hubs";
    public static final String INSTANCES = ROOT + "/instances";

    private Topics() {
    }

    /** meternet/v1/events/&lt;source&gt;/&lt;event-type&gt; */
    public static String event(String source, String eventType) {
        return EVENTS + "/" + source + "/" + eventType;
    }

    /** Every event of one source, e.g. all of installation-service's. */
    public static String eventsOf(String source) {
        return EVENTS + "/" + source + "/#";
    }

    public static String hubUp(DeviceId chf, DeviceId device, HubMessageKind kind) {
        return HUBS + "/" + chf + "/up/" + device + "/" + kind.segment();
    }

    public static String hubDown(DeviceId chf, DeviceId device) {
        return HUBS + "/" + chf + "/down/" + device + "/commands";
    }

    /** Where a hub answers a command it got on {@code commandTopic} (a {@link #hubDown} topic). */
    public static String responsesTo(String commandTopic) {
        String[] p = commandTopic.split("/");
        if (p.length != 7 || !commandTopic.startsWith(HUBS + "/") || !p[4].equals("down") || !p[6].equals("commands")) {
            throw new IllegalArgumentException("'" + commandTopic + "' is not a hub command topic");
        }
        return HUBS + "/" + p[3] + "/up/" + p[5] + "/" + HubMessageKind.RESPONSES.segment();
    }

    /** Everything any hub publishes of one kind: meternet/v1/hubs/+/up/+/&lt;kind&gt; */
    public static String allHubsUp(HubMessageKind kind) {
        return HUBS + "/+/up/+/" + kind.segment();
    }

    /** meternet/v1/instances/&lt;service&gt;/&lt;instance&gt;: an instance's retained announcement that it is alive. */
    public static String instance(String service, String instance) {
        return INSTANCES + "/" + service + "/" + instance;
    }

    /** The announcements of every instance of one service. */
    public static String instancesOf(String service) {
        return INSTANCES + "/" + service + "/+";
    }

    /** A shared subscription, so that several instances of a consumer split the load. */
    public static String shared(String group, String filter) {
        return "$share/" + group + "/" + filter;
    }

    /**
     * What a hub topic says: which hub, which device, which kind. Empty when it is not one. Read from every hub message
     * (messaging-service, the gateway): found by position, without splitting the topic.
     */
    public static Optional<HubTopic> parseHubUp(String topic) {
        // meternet / v1 / hubs / <chf> / up / <device> / <kind>
        int chfStart = HUBS.length() + 1;
        if (!topic.startsWith(HUBS) || topic.length() <= chfStart || topic.charAt(HUBS.length()) != '/') {
            return Optional.empty();
        }
        int chfEnd = topic.indexOf('/', chfStart);
        if (chfEnd < 0 || !topic.startsWith("/up/", chfEnd)) {
            return Optional.empty();
        }
        int deviceStart = chfEnd + 4;
        int deviceEnd = topic.indexOf('/', deviceStart);
        if (deviceEnd < 0) {
            return Optional.empty();
        }
        Optional<HubMessageKind> kind = HubMessageKind.fromSegment(topic, deviceEnd + 1);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HubTopic(DeviceId.parse(topic.substring(chfStart, chfEnd), "chfId"),
                    DeviceId.parse(topic.substring(deviceStart, deviceEnd), "deviceId"), kind.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public record HubTopic(DeviceId chf, DeviceId device, HubMessageKind kind) {
    }

    public enum HubMessageKind {
        READINGS("readings"), ALERTS("alerts"), RESPONSES("responses");

        private final String segment;

        HubMessageKind(String segment) {
            this.segment = segment;
        }

        public String segment() {
            return segment;
        }

        public static Optional<HubMessageKind> fromSegment(String s) {
            return fromSegment(s, 0);
        }

        /** The kind whose segment is all of {@code topic} from {@code start} on. */
        static Optional<HubMessageKind> fromSegment(String topic, int start) {
            for (HubMessageKind k : VALUES) {
                if (topic.length() - start == k.segment.length() && topic.startsWith(k.segment, start)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }

        private static final HubMessageKind[] VALUES = values();
    }
}
