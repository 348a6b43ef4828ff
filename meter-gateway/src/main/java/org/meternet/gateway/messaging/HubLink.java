package org.meternet.gateway.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;
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

    public HubLink(MqttClients mqtt, ServiceRequestStore store, AnswerWaiters waiters) {
        this.store = store;
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

    /** A batch of responses applied in one transaction; the callers waiting on requests that ended are answered. */
    private Uni<Void> received(List<InboundMessage> batch) {
        List<ServiceRequestStore.Change> changes = new java.util.ArrayList<>();
        for (InboundMessage m : batch) {
            HubResponse r;
            try {
                r = EventCodec.MAPPER.readValue(m.bytes(), HubResponse.class);
            } catch (IOException e) {
                LOG.warnf("a hub's response on %s is not JSON; dropped: %s", m.topic(), e.getMessage());
                continue;
            }
            ServiceRequestState next = switch (r.status() == null ? "" : r.status()) {
                case HubResponse.DELIVERED -> ServiceRequestState.DELIVERED;
                case HubResponse.SUCCEEDED -> ServiceRequestState.SUCCEEDED;
                case HubResponse.FAILED -> ServiceRequestState.FAILED;
                default -> null;
            };
            if (r.requestId() == null || next == null) {
                LOG.warnf("a hub's response on %s names no request or an unknown status '%s'; dropped", m.topic(), r.status());
                continue;
            }
            changes.add(new ServiceRequestStore.Change(r.requestId(), next, r.responseCode(), r.body()));
        }
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.advanceAll(changes, false).chain(moved -> {
            moved.forEach(waiters::changed);
            // another replica may have applied the end first: a caller waiting here is answered from the store
            java.util.Set<String> seen = new java.util.HashSet<>();
            moved.forEach(m -> seen.add(m.requestId()));
            List<Uni<Void>> lookups = changes.stream()
                    .filter(c -> c.next().terminal() && !seen.contains(c.requestId()) && waiters.isWaiting(c.requestId()))
                    .map(c -> store.find(c.requestId()).invoke(r -> {
                        if (r != null) {
                            waiters.changed(r);
                        }
                    }).replaceWithVoid())
                    .toList();
            return lookups.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(lookups).andFailFast().replaceWithVoid();
        });
    }
}
