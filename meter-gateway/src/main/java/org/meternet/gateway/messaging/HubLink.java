package org.meternet.gateway.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;
import io.micrometer.core.instrument.MeterRegistry;
import org.meternet.gateway.domain.RequestId;
import org.meternet.gateway.domain.ServiceRequest;
import org.meternet.gateway.domain.ServiceRequestState;
import org.meternet.gateway.persistence.ServiceRequestStore;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.Topics;
import org.meternet.platform.event.Topics.HubMessageKind;
import org.meternet.platform.hub.HubCommand;
import org.meternet.platform.hub.HubResponse;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.mqtt.InboundMessage;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.mqtt.MqttPublisher;
import org.meternet.platform.mqtt.ReliableMqttConsumer;
import org.meternet.platform.problem.ProblemException;

/**
 * The gateway's side of the hubs: commands out (QoS 1: the broker holds them for a hub that is offline, in its
 * persistent session), responses in. A response is acknowledged to the broker only once the request's new state is
 * committed; every gateway replica hears every response and completes the callers waiting on it.
 */
@Singleton
public class HubLink {
    private static final Logger LOG = Logger.getLogger(HubLink.class);

    private final ServiceRequestStore store;
    private final AnswerWaiters waiters;
    private final MqttPublisher commands;
    private final ReliableMqttConsumer responses;
    private final MeterRegistry metrics;

    public HubLink(MqttClients mqtt, ServiceRequestStore store, AnswerWaiters waiters, MeterRegistry metrics) {
        this.store = store;
        this.metrics = metrics;
        this.waiters = waiters;
        this.commands = mqtt.publisher("hub-commands");
        // responses to different requests are independent, and those of one request may come in any order (a
        // request only moves forward): batches are applied concurrently, each in one transaction
        this.responses = mqtt.consumer("hub-responses", List.of(Topics.allHubsUp(HubMessageKind.RESPONSES)), 200, 4,
                this::received);
    }

    void start(@Observes StartupEvent start) {
        commands.start().subscribe().with(ok -> LOG.info("ready to send service requests to hubs"),
                e -> LOG.error("cannot connect to send service requests to hubs", e));
        responses.start().subscribe().with(ok -> LOG.info("listening to hubs' responses to service requests"),
                e -> LOG.error("cannot subscribe to hubs' responses", e));
    }

    void stop(@Observes ShutdownEvent stop) {
        responses.stop();
        commands.stop();
    }

    /** Hands the command to the broker; done at its PUBACK. */
    public Uni<Void> send(String chfId, HubCommand command) {
        return commands.publish(Topics.hubDown(DeviceId.parse(chfId, "chfId"), DeviceId.parse(command.deviceId(), "deviceId")),
                EventCodec.MAPPER.valueToTree(command).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Why a hub's response was dropped before it reached the store (the store's own reasons are {@link Refusal}). */
    enum Dropped {
        /** Not JSON, no request id or an unknown status. */
        UNREADABLE,
        /** Not a hub's responses topic: no hub and device to hold it to. */
        NOT_A_HUB_TOPIC,
        /** The request id is not of the form originator:device:counter. */
        MALFORMED_REQUEST_ID,
        /** The request id names another device than the one whose topic it came on. */
        REQUEST_FOR_ANOTHER_DEVICE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The count of hubs' responses not applied, by reason: meternet_gateway_hub_responses_rejected_total{reason}. */
    public static final String REJECTED = "meternet.gateway.hub.responses.rejected";

    private void rejected(String reason) {
        metrics.counter(REJECTED, "reason", reason).increment();
    }

    /**
     * A batch of responses applied in one transaction; the callers waiting on requests that ended are answered. A
     * response counts only from the hub the command went to, for the device it was for: the hub and device are those of
     * the topic (the broker lets a hub publish under its own only), the request id must name that device, and the store
     * moves a request only when its command went to that hub for that device. Anything else is dropped, counted and
     * logged: a hub cannot answer, or forge the answer to, another organisation's request.
     */
    private Uni<Void> received(List<InboundMessage> batch) {
        List<ServiceRequestStore.Change> changes = new java.util.ArrayList<>();
        for (InboundMessage m : batch) {
            Topics.HubTopic from = Topics.parseHubUp(m.topic()).filter(t -> t.kind() == HubMessageKind.RESPONSES).orElse(null);
            if (from == null) {
                rejected(Dropped.NOT_A_HUB_TOPIC.tag());
                LOG.warnf("a response on %s, which is not a hub's responses topic, was dropped: no hub and device to hold it to",
                        m.topic());
                continue;
            }
            HubResponse r;
            try {
                r = EventCodec.MAPPER.readValue(m.bytes(), HubResponse.class);
            } catch (IOException e) {
                rejected(Dropped.UNREADABLE.tag());
                LOG.warnf("hub %s's response for device %s is not JSON; dropped: %s", from.chf(), from.device(), e.getMessage());
                continue;
            }
            ServiceRequestState next = switch (r.status() == null ? "" : r.status()) {
                case HubResponse.DELIVERED -> ServiceRequestState.DELIVERED;
                case HubResponse.SUCCEEDED -> ServiceRequestState.SUCCEEDED;
                case HubResponse.FAILED -> ServiceRequestState.FAILED;
                default -> null;
            };
            if (r.requestId() == null || next == null) {
                rejected(Dropped.UNREADABLE.tag());
                LOG.warnf("hub %s's response for device %s names no request or an unknown status '%s'; dropped", from.chf(),
                        from.device(), r.status());
                continue;
            }
            RequestId id;
            try {
                id = RequestId.parse(r.requestId());
            } catch (ProblemException e) {
                rejected(Dropped.MALFORMED_REQUEST_ID.tag());
                LOG.warnf("hub %s answered for device %s with '%s', which is not a request id; dropped", from.chf(), from.device(),
                        r.requestId());
                continue;
            }
            if (!id.target().equals(from.device().value())) {
                rejected(Dropped.REQUEST_FOR_ANOTHER_DEVICE.tag());
                LOG.warnf("hub %s answered request %s, which is for device %s, on the topic of its device %s; not applied",
                        from.chf(), id, id.target(), from.device());
                continue;
            }
            changes.add(ServiceRequestStore.Change.fromHub(from.chf().value(), from.device().value(), id.toString(), next,
                    r.responseCode(), r.body()));
        }
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.advanceAll(changes, false).chain(applied -> {
            // what was refused is a request id from one hub and device: the same id from its own hub may have counted
            java.util.Set<List<String>> refused = new java.util.HashSet<>();
            for (ServiceRequestStore.Refused f : applied.refused()) {
                refused.add(List.of(f.change().requestId(), f.change().fromChf(), f.change().fromDevice()));
                rejected(f.reason().tag());
                ServiceRequestStore.Change c = f.change();
                switch (f.reason()) {
                    case UNKNOWN_REQUEST -> LOG.warnf("hub %s answered %s for device %s, a request the gateway never made; dropped",
                            c.fromChf(), c.requestId(), c.fromDevice());
                    case NOT_SENT_TO_A_HUB -> LOG.warnf("hub %s answered request %s, which the inventory answered and no hub was "
                            + "sent; not applied", c.fromChf(), c.requestId());
                    case WRONG_HUB -> LOG.warnf("hub %s answered request %s (%s), whose command went to hub %s; not applied",
                            c.fromChf(), c.requestId(), c.next(), f.sentToChf());
                    case WRONG_DEVICE -> LOG.warnf("hub %s answered request %s on the topic of its device %s, but the command "
                            + "was for its device %s; not applied", c.fromChf(), c.requestId(), c.fromDevice(), f.sentForDevice());
                }
            }
            List<ServiceRequest> moved = applied.moved();
            moved.forEach(waiters::changed);
            // another replica may have applied the end first: a caller waiting here is answered from the store
            java.util.Set<String> seen = new java.util.HashSet<>();
            moved.forEach(m -> seen.add(m.requestId()));
            List<Uni<Void>> lookups = changes.stream()
                    .filter(c -> c.next().terminal() && !seen.contains(c.requestId()) && !refused.contains(List.of(c.requestId(), c.fromChf(), c.fromDevice()))
                            && waiters.isWaiting(c.requestId()))
                    .map(ServiceRequestStore.Change::requestId).distinct()
                    .map(id -> store.find(id).invoke(r -> {
                        if (r != null) {
                            waiters.changed(r);
                        }
                    }).replaceWithVoid())
                    .toList();
            return lookups.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(lookups).andFailFast().replaceWithVoid();
        });
    }
}
