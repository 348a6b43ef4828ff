package org.meternet.messaging.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
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

    Uni<Void> ingest(List<InboundMessage> batch) {
        return pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (InboundMessage m : batch) {
                chain = chain.chain(() -> ingestOne(tx, m));
            }
            return chain;
        });
    }

    private Uni<Void> ingestOne(SqlConnection tx, InboundMessage m) {
        Optional<HubTopic> topic = Topics.parseHubUp(m.topic());
        if (topic.isEmpty()) {
            return reject(tx, m, "BAD_TOPIC", "not a hub readings topic");
        }
        ReadingMessage reading;
        try {
            reading = EventCodec.MAPPER.readValue(m.bytes(), ReadingMessage.class);
        } catch (Exception e) {
            return reject(tx, m, "MALFORMED", "not a reading message: " + e.getMessage());
        }
        String deviceId = topic.get().device().value();
        if (reading.messageId() == null || reading.messageId().isBlank() || reading.deviceTime() == null) {
            return reject(tx, m, "MALFORMED", "messageId and deviceTime are required");
        }
        if (reading.deviceId() != null && !deviceId.equals(normalised(reading.deviceId()))) {
            return reject(tx, m, "DEVICE_MISMATCH", "payload deviceId " + reading.deviceId() + " disagrees with the topic's " + deviceId);
        }
        ReadingMessage canonical = new ReadingMessage(reading.schemaVersion(), reading.messageId(), deviceId,
                reading.deviceTime(), reading.importWh(), reading.exportWh(), reading.gasM3());
        String hub = topic.get().chf().value();
        return projection.find(tx, deviceId).chain(known -> {
            Verdict v = HubMessageCheck.check(known, deviceId, hub);
            if (!v.accepted()) {
                return reject(tx, m, v.code(), v.reason());
            }
            return store.store(tx, hub, canonical).invoke(isNew -> {
                metrics.counter("meternet.readings.ingested", "outcome", isNew ? "stored" : "duplicate").increment();
                if (isNew) {
                    LOG.debugf("stored reading %s of %s from hub %s", canonical.messageId(), deviceId, hub);
                }
            }).replaceWithVoid();
        });
    }

    private static String normalised(String id) {
        try {
            return org.meternet.platform.id.DeviceId.parse(id).value();
        } catch (IllegalArgumentException e) {
            return id;
        }
    }

    private Uni<Void> reject(SqlConnection tx, InboundMessage m, String code, String reason) {
        metrics.counter("meternet.readings.dead_lettered", "code", code).increment();
        LOG.warnf("dead-lettered a message on %s (%s): %s", m.topic(), code, reason);
        return store.deadLetter(tx, m.topic(), m.bytes(), code, reason);
    }
}
