package org.meternet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.meternet.platform.event.DeviceState;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventEnvelope;
import org.meternet.platform.event.EventType;
import org.meternet.platform.event.Topics;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.platform.mqtt.MqttPublisher;
import org.meternet.simulator.load.HubLoad;

/**
 * messaging-service under faults, on a broker and a PostgreSQL cluster of this test's own (the
 * platform's broker configuration on spare ports, a cluster made with initdb): killed with
 * SIGKILL mid-stream, the broker restarted mid-stream, PostgreSQL stopped for 10 s mid-stream.
 * After each, every reading the broker acknowledged (PUBACK) is stored exactly once.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class IngestFaultIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final int HOMES = 20;
    static final int READINGS = 6_000;
    static final int RATE = 1_000;
    static OwnInstances own;
    static int brokerPort;
    static int httpPort;
    static OwnInstances.Service service;
    static final List<DeviceId[]> homes = new ArrayList<>();

    @BeforeAll
    static void ownInstances() throws Exception {
        // the service's and the broker's logs stay with the build's reports; the instances go
        own = new OwnInstances(ROOT, "faults").keepLogs(Path.of("target"), "ingest-faults").postgres("meternet_messaging").startBroker();
        brokerPort = own.brokerPort();
        httpPort = OwnInstances.freePort();
        service = startService("fault-messaging-0", httpPort, null);
        commissionHomes();
    }

    @AfterAll
    static void removeInstances() throws Exception {
        own.close();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aServiceKilledMidStreamLosesNothingTheBrokerAcknowledged() throws Exception {
        try (Stream stream = new Stream("kill")) {
            stream.awaitAcknowledged(READINGS / 4);
            service.kill(); // SIGKILL: no shutdown hook, no goodbye to the broker
            long whileDown = stream.load.acknowledgedCount();
            stream.awaitAcknowledged(whileDown + 500); // the broker keeps taking readings for it meanwhile
            service.start();
            stream.assertEveryAcknowledgedReadingStoredOnce();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aBrokerRestartedMidStreamLosesNothingItAcknowledged() throws Exception {
        try (Stream stream = new Stream("broker")) {
            stream.awaitAcknowledged(READINGS / 4);
            own.stopBroker();
            own.startBroker();
            stream.assertEveryAcknowledgedReadingStoredOnce();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void postgresStoppedForTenSecondsMidStreamLosesNothing() throws Exception {
        try (Stream stream = new Stream("postgres")) {
            stream.awaitAcknowledged(READINGS / 4);
            own.stopPostgres();
            Thread.sleep(10_000); // the outage itself: ten seconds without a database
            own.startPostgres();
            stream.assertEveryAcknowledgedReadingStoredOnce();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void twoInstancesShareTheStreamThroughTheSharedSubscriptionAndStoreEachReadingOnce() throws Exception {
        // the single instance steps aside (its plain subscription would take every reading as well)
        service.stop();
        own.retireSession("fault-messaging-0-telemetry");
        int[] ports = {OwnInstances.freePort(), OwnInstances.freePort()};
        List<OwnInstances.Service> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                instances.add(startService("fault-messaging-s" + i, ports[i], "messaging"));
            }
            try (Stream stream = new Stream("scale-out")) {
                stream.assertEveryAcknowledgedReadingStoredOnce();
                assertThat(storedBy(ports[0])).as("readings stored by instance 0").isPositive();
                assertThat(storedBy(ports[1])).as("readings stored by instance 1").isPositive();
            }
        } finally {
            for (int i = 0; i < instances.size(); i++) {
                instances.get(i).stop();
                own.retireSession("fault-messaging-s" + i + "-telemetry");
            }
            service.start();
        }
    }

    /** What an instance says it committed (its metrics). */
    static double storedBy(int port) throws Exception {
        String metrics = new String(URI.create("http://127.0.0.1:" + port + "/q/metrics").toURL().openStream().readAllBytes(),
                StandardCharsets.UTF_8);
        return org.meternet.simulator.bench.Metrics.sum(metrics, "meternet_hub_messages_total", "outcome=\"stored\"");
    }

    /** READINGS register reads from the homes at RATE/s, published by a background thread as hubs do, retrying unacknowledged ones. */
    static final class Stream implements AutoCloseable {
        final String prefix = "f" + UUID.randomUUID().toString().substring(0, 8) + "-";
        final HubLoad load = new HubLoad(MqttEndpoint.plain("127.0.0.1", brokerPort, "meternet-harness", "dev-meternet-harness"),
                2, 100, "fault-" + prefix).start();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread publisher;

        Stream(String name) {
            publisher = new Thread(() -> {
                try {
                    load.send(0, READINGS, RATE, this::reading, Duration.ofMinutes(3), HubLoad.SendListener.NONE);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "fault-" + name);
            publisher.start();
        }

        HubLoad.Message reading(long seq) {
            DeviceId[] home = homes.get((int) (seq % HOMES));
            String json = "{\"schemaVersion\":1,\"kind\":\"register-read\",\"messageId\":\"" + prefix + seq + "\",\"deviceTime\":\""
                    + Instant.now() + "\",\"importWh\":" + seq + "}";
            return new HubLoad.Message(Topics.hubUp(home[0], home[1], Topics.HubMessageKind.READINGS),
                    json.getBytes(StandardCharsets.UTF_8));
        }

        void awaitAcknowledged(long count) {
            Await.until(count + " readings acknowledged by the broker", Duration.ofSeconds(60), load::acknowledgedCount, n -> n >= count);
        }

        void assertEveryAcknowledgedReadingStoredOnce() throws Exception {
            Await.until("the publisher to finish (unacknowledged readings are sent again)", Duration.ofMinutes(3),
                    () -> publisher.isAlive(), alive -> !alive);
            assertThat(failure.get()).isNull();
            long acknowledged = load.acknowledgedCount();
            assertThat(acknowledged).isEqualTo(READINGS);
            try {
                Await.until("every acknowledged reading stored", Duration.ofMinutes(2), this::storedCopies,
                        copies -> copies.size() >= acknowledged);
            } catch (IllegalStateException e) {
                throw new AssertionError(missing() + "; dead letters " + deadLetters());
            }
            Map<Long, Integer> copies = storedCopies();
            for (long seq = 0; seq < READINGS; seq++) {
                if (load.acknowledged(seq)) {
                    assertThat(copies.get(seq)).as("copies of reading " + prefix + seq).isEqualTo(1);
                }
            }
        }

        String missing() {
            Map<Long, Integer> copies = storedCopies();
            List<Long> missing = new ArrayList<>();
            for (long seq = 0; seq < READINGS; seq++) {
                if (load.acknowledged(seq) && !copies.containsKey(seq)) {
                    missing.add(seq);
                }
            }
            return missing.size() + " acknowledged readings not stored, from " + (missing.isEmpty() ? "-" : missing.get(0))
                    + " to " + (missing.isEmpty() ? "-" : missing.get(missing.size() - 1));
        }

        String deadLetters() {
            try (Connection c = database(); ResultSet rs = c.createStatement().executeQuery(
                    "select code, count(*) from dead_letter group by code")) {
                StringBuilder out = new StringBuilder();
                while (rs.next()) {
                    out.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
                }
                return out.toString();
            } catch (Exception e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }

        Map<Long, Integer> storedCopies() {
            Map<Long, Integer> copies = new HashMap<>();
            try (Connection c = database(); PreparedStatement s = c.prepareStatement(
                    "select message_id, count(*) from reading where message_id like ? group by message_id")) {
                s.setString(1, prefix + "%");
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        copies.put(Long.parseLong(rs.getString(1).substring(prefix.length())), rs.getInt(2));
                    }
                }
            } catch (Exception e) {
                return copies; // the database may be on its way back
            }
            return copies;
        }

        @Override
        public void close() {
            publisher.interrupt();
            load.close();
        }
    }

    static Connection database() throws Exception {
        return own.database("meternet_messaging");
    }

    /**
     * An instance of messaging-service on this test's broker and database, ready; a stable client id per instance.
     * {@code port} is its management port (health, metrics).
     */
    static OwnInstances.Service startService(String instanceId, int port, String shareGroup) throws Exception {
        OwnInstances.Launch launch = OwnInstances.launch("messaging-service", instanceId, port).jvm("-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError");
        if (shareGroup != null) {
            launch.env("METERNET_INGEST_SHARE_GROUP", shareGroup);
        }
        return own.start(launch);
    }

    /** The homes' hubs and meters, commissioned as installation-service would announce them. */
    static void commissionHomes() throws Exception {
        Vertx vertx = Vertx.vertx();
        MqttPublisher events = new MqttPublisher(vertx, MqttEndpoint.plain("127.0.0.1", brokerPort, "meternet-harness",
                "dev-meternet-harness"), "fault-installation");
        try {
            events.start().await().atMost(Duration.ofSeconds(10));
            long sequence = 0;
            for (int i = 0; i < HOMES; i++) {
                DeviceId hub = Identifiers.deviceId();
                DeviceId meter = Identifiers.deviceId();
                homes.add(new DeviceId[] {hub, meter});
                for (DeviceState d : List.of(state(hub, "CHF", null), state(meter, "ESME", hub))) {
                    EventEnvelope e = EventEnvelope.of(EventType.DEVICE_COMMISSIONED, Instant.now(), "installation", d.deviceId(), d)
                            .withSequence(++sequence);
                    events.publish(Topics.event("installation", e.type()), EventCodec.encode(e)).await().atMost(Duration.ofSeconds(10));
                }
            }
        } finally {
            events.stop();
            vertx.close();
        }
        Await.until("the homes in messaging-service's projection", Duration.ofSeconds(60), () -> {
            try (Connection c = database(); ResultSet rs = c.createStatement().executeQuery(
                    "select count(*) from device_projection where status = 'COMMISSIONED'")) {
                rs.next();
                return rs.getLong(1);
            } catch (Exception e) {
                return 0L;
            }
        }, n -> n == HOMES * 2);
    }

    static DeviceState state(DeviceId device, String type, DeviceId hub) {
        return new DeviceState(device.value(), type, "COMMISSIONED", "INSTALLED_NOT_COMMISSIONED", Instant.now(),
                hub == null ? null : hub.value(), null, null, UUID.randomUUID().toString(), "S44 6JJ", "E07000033", "E12000004", 11,
                "bright-energy", "SMETS2");
    }
}
