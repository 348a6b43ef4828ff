package org.meternet.messaging.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.meternet.messaging.config.IngestConfig;
import org.meternet.messaging.domain.AlertRouting;
import org.meternet.messaging.domain.HubMessageCheck;
import org.meternet.messaging.domain.RegistrationHistory;
import org.meternet.messaging.persistence.SupplierRegistrations;
import org.meternet.platform.projection.KnownDevice;
import org.meternet.messaging.domain.HubMessageCheck.Verdict;
import org.meternet.messaging.domain.HubMessageParser;
import org.meternet.messaging.domain.HubMessageParser.Parsed;
import org.meternet.messaging.domain.HubMessageParser.Rejected;
import org.meternet.messaging.domain.TrafficTally;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.messaging.persistence.TelemetryStore;
import org.meternet.messaging.persistence.TelemetryStore.Accepted;
import org.meternet.messaging.persistence.TelemetryStore.DeadLetter;
import org.meternet.messaging.persistence.TelemetryStore.RoutedAlert;
import org.meternet.messaging.persistence.TrafficStore;
import org.meternet.platform.event.AlertRaised;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.Topics;
import org.meternet.platform.event.Topics.HubMessageKind;
import org.meternet.platform.hub.AlertCatalogue;
import org.meternet.platform.hub.DailyReadLog;
import org.meternet.platform.hub.DeviceAlert;
import org.meternet.platform.hub.HalfHourlyProfile;
import org.meternet.platform.hub.HubMessage;
import org.meternet.platform.hub.RegisterRead;
import org.meternet.platform.mqtt.InboundMessage;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.mqtt.ReliableMqttConsumer;
import org.meternet.platform.outbox.Outbox;

/**
 * Takes the hubs' readings and alerts off the broker. Each batch is checked against the SMI
 * projection and committed in one transaction (telemetry, traffic counts, alert.raised events, dead
 * letters with their reason), and only then acknowledged. Bad input is dead-lettered and
 * acknowledged, so a hub is never stuck; a message the database refuses is found by retrying the
 * batch one message at a time, and parked.
 */
@ApplicationScoped
public class TelemetryIngestor {
    private static final Logger LOG = Logger.getLogger(TelemetryIngestor.class);

    private final MqttClients mqtt;
    private final Pool pool;
    private final DeviceProjection projection;
    private final TelemetryStore store;
    private final TrafficStore traffic;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final IngestConfig config;
    private final HubMessageParser parser;
    private final SupplierRegistrations registrations;
    private ReliableMqttConsumer consumer;

    public TelemetryIngestor(MqttClients mqtt, Pool pool, DeviceProjection projection, TelemetryStore store,
            TrafficStore traffic, Outbox outbox, MeterRegistry metrics, IngestConfig config, SupplierRegistrations registrations) {
        this.registrations = registrations;
        this.mqtt = mqtt;
        this.pool = pool;
        this.projection = projection;
        this.store = store;
        this.traffic = traffic;
        this.outbox = outbox;
        this.metrics = metrics;
        this.config = config;
        this.parser = new HubMessageParser(config.maxPayloadBytes());
    }

    void start(@Observes StartupEvent ev) {
        List<String> filters = List.of(Topics.allHubsUp(HubMessageKind.READINGS), Topics.allHubsUp(HubMessageKind.ALERTS));
        consumer = mqtt.consumer("telemetry", filters.stream()
                .map(f -> config.shareGroup().map(group -> Topics.shared(group, f)).orElse(f)).toList(),
                config.maxBatch(), config.concurrentBatches(), this::ingest);
        consumer.start().subscribe().with(ok -> LOG.info("ingesting hub readings and alerts"),
                e -> LOG.error("cannot ingest hub telemetry", e));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
    }

    /** A batch, committed whole; when the database refuses it for its content, one message at a time. */
    Uni<Void> ingest(List<InboundMessage> batch) {
        return ingestTogether(batch).onFailure(TelemetryIngestor::isPoison).recoverWithUni(e -> {
            if (batch.size() == 1) {
                return park(batch.get(0), e);
            }
            LOG.warnf("a batch of %d hub messages was refused by the database (%s); storing them one by one",
                    batch.size(), e.getMessage());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (InboundMessage m : batch) {
                chain = chain.chain(() -> ingest(List.of(m)));
            }
            return chain;
        });
    }

    /** Refused for its content (a value out of range...), not for the database being away: retrying will not help. */
    static boolean isPoison(Throwable e) {
        if (e instanceof PgException pg && pg.getSqlState() != null) {
            return pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23");
        }
        return false;
    }

    private Uni<Void> park(InboundMessage m, Throwable e) {
        DeadLetter letter = deadLetter(m, new Rejected("STORE_FAILED", null, "the database refused it: " + e.getMessage()));
        return pool.withTransaction(tx -> store.deadLetterAll(tx, List.of(letter)));
    }

    private Uni<Void> ingestTogether(List<InboundMessage> batch) {
        List<Received> parsed = new ArrayList<>(batch.size());
        List<DeadLetter> rejected = new ArrayList<>();
        for (InboundMessage m : batch) {
            HubMessageParser.Outcome outcome = parser.parse(m.topic(), m.bytes());
            if (outcome instanceof Parsed p) {
                parsed.add(new Received(m, p));
            } else {
                rejected.add(deadLetter(m, (Rejected) outcome));
            }
        }
        Set<String> devices = new HashSet<>();
        parsed.forEach(r -> devices.add(r.parsed().deviceId()));
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Set<String> alerting = new HashSet<>();
        parsed.stream().filter(r -> r.parsed().message() instanceof DeviceAlert).forEach(r -> alerting.add(r.parsed().deviceId()));
        return pool.withTransaction(tx -> projection.findAll(tx, devices).chain(known -> registrations.ofAll(tx, alerting)
                .chain(histories -> {
            Sorted s = sort(parsed, known, histories, rejected);
            Set<String> stored = new HashSet<>();
            return store.storeRegisterReads(tx, s.registers).invoke(stored::addAll)
                    .chain(() -> store.storeDailyLogs(tx, s.dailyLogs)).invoke(stored::addAll)
                    .chain(() -> store.storeProfiles(tx, s.profiles)).invoke(stored::addAll)
                    .chain(() -> store.storeAlerts(tx, s.alerts)).invoke(stored::addAll)
                    .chain(() -> traffic.add(tx, minute, tally(parsed, known, stored)))
                    .chain(() -> raiseAlerts(tx, s.alerts, known, stored))
                    .chain(() -> store.deadLetterAll(tx, rejected))
                    .replaceWith(() -> new int[] {stored.size(), s.accepted()});
        }))).invoke(counts -> {
            // counted after the commit: these figures are what is durably stored
            metrics.counter("meternet.hub.messages", "outcome", "stored").increment(counts[0]);
            metrics.counter("meternet.hub.messages", "outcome", "duplicate").increment(counts[1] - counts[0]);
        }).replaceWithVoid();
    }

    /** A message as it came off the broker and what it says. */
    private record Received(InboundMessage message, Parsed parsed) {
    }

    /** The batch's messages by kind, the ones the SMI does not allow moved to the dead letters. */
    private static final class Sorted {
        final List<Accepted<RegisterRead>> registers = new ArrayList<>();
        final List<Accepted<DailyReadLog>> dailyLogs = new ArrayList<>();
        final List<Accepted<HalfHourlyProfile>> profiles = new ArrayList<>();
        final List<RoutedAlert> alerts = new ArrayList<>();

        int accepted() {
            return registers.size() + dailyLogs.size() + profiles.size() + alerts.size();
        }
    }

    private Sorted sort(List<Received> received, Map<String, KnownDevice> known, Map<String, RegistrationHistory> histories,
            List<DeadLetter> rejected) {
        Sorted s = new Sorted();
        for (Received r : received) {
            Parsed p = r.parsed();
            KnownDevice device = known.get(p.deviceId());
            Verdict v = HubMessageCheck.check(device, p.deviceId(), p.hub());
            HubMessage m = p.message();
            if (!v.accepted()) {
                rejected.add(deadLetter(r.message(), new Rejected(v.code(), "deviceId", v.reason())));
            } else if (m instanceof RegisterRead read) {
                s.registers.add(new Accepted<>(p.hub(), p.deviceId(), read));
            } else if (m instanceof DailyReadLog d) {
                s.dailyLogs.add(new Accepted<>(p.hub(), p.deviceId(), d));
            } else if (m instanceof HalfHourlyProfile h) {
                s.profiles.add(new Accepted<>(p.hub(), p.deviceId(), h));
            } else if (m instanceof DeviceAlert a) {
                var type = AlertCatalogue.type(AlertCatalogue.normalise(a.alertCode()).orElseThrow());
                String supplier = AlertRouting.supplierAt(device, histories.get(p.deviceId()), a.deviceTime());
                s.alerts.add(new RoutedAlert(new Accepted<>(p.hub(), p.deviceId(), a), type, supplier,
                        AlertRouting.entitled(supplier, device.distributionArea(), type, config.networkOperators())));
            }
        }
        return s;
    }

    private static TrafficTally tally(List<Received> received, Map<String, KnownDevice> known, Set<String> stored) {
        TrafficTally tally = new TrafficTally();
        for (Received r : received) {
            Parsed p = r.parsed();
            if (stored.contains(TelemetryStore.key(p.deviceId(), p.message().messageId()))) {
                KnownDevice d = known.get(p.deviceId());
                tally.count(TrafficTally.UP, p.message().kind(), d.supplierOrg(), d.regionCode(), d.deviceType());
            }
        }
        return tally;
    }

    private Uni<Void> raiseAlerts(SqlClient tx, List<RoutedAlert> alerts, Map<String, KnownDevice> known, Set<String> stored) {
        List<EventEnvelope> events = new ArrayList<>();
        for (RoutedAlert r : alerts) {
            DeviceAlert a = r.alert().message();
            if (!stored.contains(TelemetryStore.key(r.alert().deviceId(), a.messageId()))) {
                continue; // a redelivery: raised already
            }
            KnownDevice d = known.get(r.alert().deviceId());
            events.add(EventEnvelope.of(EventType.ALERT_RAISED, a.deviceTime(), "messaging", r.alert().deviceId(),
                    new AlertRaised(r.alert().deviceId() + "/" + a.messageId(), r.alert().deviceId(), r.alert().chfId(),
                            r.type().code(), r.type().name(), r.type().category().name(), a.deviceTime(), r.supplier(),
                            d.distributionArea(), r.entitledOrgs(), a.detail())));
            LOG.infof("alert %s (%s) from device %s routed to %s", r.type().code(), r.type().name(), r.alert().deviceId(),
                    r.entitledOrgs());
        }
        return events.isEmpty() ? Uni.createFrom().voidItem() : outbox.appendAll(tx, events);
    }

    private DeadLetter deadLetter(InboundMessage m, Rejected r) {
        metrics.counter("meternet.hub.dead_letters", "code", r.code()).increment();
        LOG.warnf("dead-lettered a hub message on %s (%s%s): %s", m.topic(), r.code(),
                r.field() == null ? "" : ", field " + r.field(), r.reason());
        return new DeadLetter(m.topic(), m.bytes(), r.code(), r.field(), r.reason());
    }
}
