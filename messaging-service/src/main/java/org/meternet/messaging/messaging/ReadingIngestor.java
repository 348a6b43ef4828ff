package org.meternet.messaging.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.meternet.messaging.domain.HubMessageCheck;
import org.meternet.messaging.domain.HubMessageCheck.Verdict;
import org.meternet.messaging.persistence.DeviceProjection;
import org.meternet.messaging.persistence.ReadingStore;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.Topics;
import org.meternet.platform.event.Topics.HubMessageKind;
import org.meternet.platform.event.Topics.HubTopic;
import org.meternet.platform.hub.ReadingMessage;
import org.meternet.platform.mqtt.InboundMessage;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.mqtt.ReliableMqttConsumer;

/**
 * Takes hubs' readings off the broker: each batch is checked against the SMI projection and
 * committed in one transaction (readings, or dead letters with their reason), and only then
 * acknowledged. Bad input is dead-lettered and acknowledged, so a hub is never stuck.
 */
@ApplicationScoped
public class ReadingIngestor {
    private static final Logger LOG = Logger.getLogger(ReadingIngestor.class);

    private final MqttClients mqtt;
    private final Pool pool;
    private final DeviceProjection projection;
    private final ReadingStore store;
    private final MeterRegistry metrics;
    private final String shareGroup;
    private ReliableMqttConsumer consumer;

    public ReadingIngestor(MqttClients mqtt, Pool pool, DeviceProjection projection, ReadingStore store, MeterRegistry metrics,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "meternet.ingest.share-group") String shareGroup) {
        this.shareGroup = shareGroup;
        this.mqtt = mqtt;
        this.pool = pool;
        this.projection = projection;
        this.store = store;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent ev) {
        consumer = mqtt.consumer("readings", List.of(Topics.shared(shareGroup, Topics.allHubsUp(HubMessageKind.READINGS))),
                500, this::ingest);
        consumer.start().subscribe().with(ok -> LOG.info("ingesting hub readings"), e -> LOG.error("cannot ingest readings", e));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
    }

    /**
     * One batch, one transaction, a handful of statements whatever its size: the SMI facts of every
     * device in it are read at once, the accepted readings written with one insert, the rest
     * dead-lettered with one insert.
     */
    Uni<Void> ingest(List<InboundMessage> batch) {
        List<Parsed> parsed = new java.util.ArrayList<>(batch.size());
        List<ReadingStore.DeadLetter> rejected = new java.util.ArrayList<>();
        for (InboundMessage m : batch) {
            parse(m, parsed, rejected);
        }
        java.util.Set<String> devices = new java.util.HashSet<>();
        parsed.forEach(p -> devices.add(p.reading().deviceId()));
        return pool.withTransaction(tx -> projection.findAll(tx, devices).chain(known -> {
            List<ReadingStore.Accepted> accepted = new java.util.ArrayList<>(parsed.size());
            for (Parsed p : parsed) {
                String deviceId = p.reading().deviceId();
                Verdict v = HubMessageCheck.check(known.get(deviceId), deviceId, p.hub());
                if (v.accepted()) {
                    accepted.add(new ReadingStore.Accepted(p.hub(), p.reading()));
                } else {
                    rejected.add(reject(p.message(), v.code(), v.reason()));
                }
            }
            return store.storeAll(tx, accepted).invoke(stored -> {
                metrics.counter("meternet.readings.ingested", "outcome", "stored").increment(stored);
                metrics.counter("meternet.readings.ingested", "outcome", "duplicate").increment(accepted.size() - stored);
            }).chain(() -> store.deadLetterAll(tx, rejected));
        }));
    }

    record Parsed(InboundMessage message, String hub, ReadingMessage reading) {
    }

    private void parse(InboundMessage m, List<Parsed> parsed, List<ReadingStore.DeadLetter> rejected) {
        Optional<HubTopic> topic = Topics.parseHubUp(m.topic());
        if (topic.isEmpty()) {
            rejected.add(reject(m, "BAD_TOPIC", "not a hub readings topic"));
            return;
        }
        ReadingMessage reading;
        try {
            reading = EventCodec.MAPPER.readValue(m.bytes(), ReadingMessage.class);
        } catch (Exception e) {
            rejected.add(reject(m, "MALFORMED", "not a reading message: " + e.getMessage()));
            return;
        }
        String deviceId = topic.get().device().value();
        if (reading.messageId() == null || reading.messageId().isBlank() || reading.deviceTime() == null) {
            rejected.add(reject(m, "MALFORMED", "messageId and deviceTime are required"));
            return;
        }
        if (reading.deviceId() != null && !deviceId.equals(normalised(reading.deviceId()))) {
            rejected.add(reject(m, "DEVICE_MISMATCH", "payload deviceId " + reading.deviceId() + " disagrees with the topic's " + deviceId));
            return;
        }
        parsed.add(new Parsed(m, topic.get().chf().value(), new ReadingMessage(reading.schemaVersion(), reading.messageId(),
                deviceId, reading.deviceTime(), reading.importWh(), reading.exportWh(), reading.gasM3())));
    }

    private static String normalised(String id) {
        try {
            return org.meternet.platform.id.DeviceId.parse(id).value();
        } catch (IllegalArgumentException e) {
            return id;
        }
    }

    private ReadingStore.DeadLetter reject(InboundMessage m, String code, String reason) {
        metrics.counter("meternet.readings.dead_lettered", "code", code).increment();
        LOG.warnf("dead-lettered a message on %s (%s): %s", m.topic(), code, reason);
        return new ReadingStore.DeadLetter(m.topic(), m.bytes(), code, reason);
    }
}
