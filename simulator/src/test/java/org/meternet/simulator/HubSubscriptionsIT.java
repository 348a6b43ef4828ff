package org.meternet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hubs' listener of the platform broker, on a broker of this test's own (the platform's configuration on spare
 * ports, bin/lib/own-instance.sh) and a hub certificate signed by the development device CA: a hub may subscribe to
 * its own down topics only (infra/mosquitto/hub-subscriptions.c refuses every other filter with SUBACK 0x80, where
 * the acl_file alone would grant it), it receives the commands the gateway publishes there, a publish under another
 * hub's topic goes nowhere (the acl_file, which the plugin leaves in charge), and a client without a certificate is
 * refused.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HubSubscriptionsIT {
    static final Path ROOT = IngestFaultIT.ROOT;
    static OwnInstances own;
    static final Path PKI = Path.of(System.getProperty("meternet.pki", ROOT.resolve("var/pki").toString()));
    static final String HUB = "00-DB-12-34-56-78-9A-" + String.format("%02X", (int) (Math.random() * 256));
    static final String OTHER_HUB = "00-DB-12-34-56-78-9B-01";
    static final String DEVICE = "00-DB-12-34-56-78-90-E1";
    static final int SUBACK_FAILURE = 0x80;
    static Path dir;
    static int servicePort;
    static int hubPort;
    static Vertx vertx;

    @BeforeAll
    static void ownBroker() throws Exception {
        own = new OwnInstances(ROOT, "hub-subscriptions").keepLogs(Path.of("target"), "hub-subscriptions").startBroker();
        dir = own.dir();
        servicePort = own.brokerPort();
        hubPort = own.hubPort();
        issueHubCertificate(HUB);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void removeBroker() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        own.close();
    }

    @Test
    void aHubSubscribesToItsOwnCommandsAndReceivesWhatTheGatewayPublishesThere() throws Exception {
        Client hub = Client.hub(HUB);
        try {
            assertThat(hub.subscribe("meternet/v1/hubs/" + HUB + "/down/#")).as("SUBACK for its own down topics").isEqualTo(1);
            assertThat(hub.subscribe("meternet/v1/hubs/" + HUB + "/down/" + DEVICE + "/commands")).isEqualTo(1);
            Client gateway = Client.service("meternet-gateway");
            try {
                gateway.publish("meternet/v1/hubs/" + OTHER_HUB + "/down/" + DEVICE + "/commands", "for the other hub");
                gateway.publish("meternet/v1/hubs/" + HUB + "/down/" + DEVICE + "/commands", "for this hub");
            } finally {
                gateway.close();
            }
            String received = hub.received.poll(10, TimeUnit.SECONDS);
            assertThat(received).isEqualTo("meternet/v1/hubs/" + HUB + "/down/" + DEVICE + "/commands for this hub");
            // the same message through both of its subscriptions at most; never the other hub's
            Thread.sleep(500);
            assertThat(hub.received).allMatch(m -> m.equals(received));
        } finally {
            hub.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "$SYS/#", "meternet/#", "meternet/v1/hubs/+/down/#", "meternet/v1/hubs/+/down/+/commands",
            "meternet/v1/hubs/" + OTHER_HUB + "/down/#", "meternet/v1/hubs/@HUB@/up/#", "meternet/v1/hubs/@HUB@/downstream/#",
            "$share/hubs/meternet/v1/hubs/@HUB@/down/#", "meternet/v1/events/#"})
    void anyOtherSubscriptionIsRefused(String filter) throws Exception {
        Client hub = Client.hub(HUB);
        try {
            assertThat(hub.subscribe(filter.replace("@HUB@", HUB))).as("SUBACK for %s", filter).isEqualTo(SUBACK_FAILURE);
            // refused, not disconnected: its own topics are still granted on the same connection
            assertThat(hub.subscribe("meternet/v1/hubs/" + HUB + "/down/#")).isEqualTo(1);
        } finally {
            hub.close();
        }
    }

    @Test
    void aHubCannotTakeOverAServicesConnectionByAskingForItsClientId() throws Exception {
        Client gateway = Client.service("meternet-gateway");
        Client hub = Client.hub(HUB, gateway.clientId);
        try {
            // the broker closes the older of two connections with one client id before it accepts the newer: the
            // service's connection still answering a round trip shows that the hub was given an id of its own
            assertThat(gateway.subscribe("meternet/v1/hubs/+/up/+/responses")).isEqualTo(MqttQoS.AT_LEAST_ONCE.value());
            assertThat(gateway.closed).as("the service's connection").isFalse();
            assertThat(hub.subscribe("meternet/v1/hubs/" + HUB + "/down/#")).as("the hub, under its own id")
                    .isEqualTo(MqttQoS.AT_LEAST_ONCE.value());
        } finally {
            hub.close();
            gateway.close();
        }
    }

    @Test
    void aHubsRetainedMessageIsNotKeptForLaterSubscribers() throws Exception {
        Client hub = Client.hub(HUB);
        String topic = "meternet/v1/hubs/" + HUB + "/up/" + DEVICE + "/readings";
        hub.publishRetained(topic, "retained-" + UUID.randomUUID());
        Client observer = Client.service("meternet-harness");
        try {
            observer.subscribe(topic);
            String marker = "live-" + UUID.randomUUID();
            hub.publish(topic, marker);
            // what a subscriber gets first is the live message: nothing was retained for it
            assertThat(observer.received.poll(10, TimeUnit.SECONDS)).isEqualTo(topic + " " + marker);
        } finally {
            observer.close();
            hub.close();
        }
    }

    @Test
    void aPublishUnderAnotherHubsTopicIsNotDelivered() throws Exception {
        Client observer = Client.service("meternet-harness");
        Client hub = Client.hub(HUB);
        try {
            assertThat(observer.subscribe("meternet/v1/hubs/+/up/#")).isEqualTo(1);
            hub.publish("meternet/v1/hubs/" + OTHER_HUB + "/up/" + DEVICE + "/readings", "posing as another hub");
            hub.publish("meternet/v1/hubs/" + HUB + "/up/" + DEVICE + "/readings", "its own");
            // one connection's publishes arrive in order: once its own is here, the other would have been
            assertThat(observer.received.poll(10, TimeUnit.SECONDS)).isEqualTo("meternet/v1/hubs/" + HUB + "/up/" + DEVICE + "/readings its own");
            assertThat(observer.received).isEmpty();
        } finally {
            hub.close();
            observer.close();
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        MqttClientOptions o = tls(new MqttClientOptions().setClientId("no-certificate-" + UUID.randomUUID()));
        MqttClient c = MqttClient.create(vertx, o);
        assertThatThrownBy(() -> await(c.connect(hubPort, "127.0.0.1"))).as("connecting to the hubs' listener without a certificate")
                .isNotNull();
    }

    /** A hub's key pair and certificate (CN = its EUI-64) from the development device CA, as installation-service issues them. */
    static void issueHubCertificate(String hub) throws Exception {
        Path key = dir.resolve(hub + ".key"), csr = dir.resolve(hub + ".csr");
        OwnInstances.run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        OwnInstances.run("openssl", "req", "-new", "-key", key.toString(), "-subj", "/CN=" + hub, "-out", csr.toString());
        // a serial of its own: nothing written beside the shared CA
        OwnInstances.run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", PKI.resolve("device-ca.crt").toString(),
                "-CAkey", PKI.resolve("device-ca.key").toString(), "-set_serial", "0x" + UUID.randomUUID().toString().replace("-", ""),
                "-days", "1", "-sha256", "-out", dir.resolve(hub + ".crt").toString());
    }

    static MqttClientOptions tls(MqttClientOptions o) {
        o.setSsl(true);
        o.setPemTrustOptions(new PemTrustOptions().addCertPath(PKI.resolve("device-ca.crt").toString()));
        o.setHostnameVerificationAlgorithm("HTTPS");
        o.setConnectTimeout(5000);
        return o;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A connected MQTT 3.1.1 client that collects "topic payload" of what it receives and answers SUBACKs by message id. */
    static final class Client {
        final MqttClient client;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final Map<Integer, CompletableFuture<MqttSubAckMessage>> subAcks = new ConcurrentHashMap<>();
        final String clientId;
        volatile boolean closed;

        private Client(MqttClientOptions o, int port) throws Exception {
            clientId = o.getClientId();
            client = MqttClient.create(vertx, o.setCleanSession(true));
            client.closeHandler(v -> closed = true);
            client.publishHandler(m -> received.add(m.topicName() + " " + m.payload().toString()));
            client.subscribeCompletionHandler(ack -> subAcks.computeIfAbsent(ack.messageId(), id -> new CompletableFuture<>()).complete(ack));
            await(client.connect(port, "127.0.0.1"));
        }

        static Client hub(String hub) throws Exception {
            return hub(hub, hub + "-" + UUID.randomUUID().toString().substring(0, 8));
        }

        /** A hub asking for a client id of its choosing (the broker gives it its certificate's CN instead). */
        static Client hub(String hub, String clientId) throws Exception {
            MqttClientOptions o = tls(new MqttClientOptions().setClientId(clientId));
            o.setPemKeyCertOptions(new PemKeyCertOptions().setCertPath(dir.resolve(hub + ".crt").toString())
                    .setKeyPath(dir.resolve(hub + ".key").toString()));
            return new Client(o, hubPort);
        }

        static Client service(String account) throws Exception {
            MqttClientOptions o = new MqttClientOptions().setClientId(account + "-" + UUID.randomUUID().toString().substring(0, 8));
            o.setUsername(account);
            o.setPassword("dev-" + account);
            return new Client(o, servicePort);
        }

        /** The granted QoS of the SUBACK, or 0x80 (failure). */
        int subscribe(String filter) throws Exception {
            int id = await(client.subscribe(filter, MqttQoS.AT_LEAST_ONCE.value()));
            List<Integer> granted = subAcks.computeIfAbsent(id, i -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS).grantedQoSLevels();
            assertThat(granted).hasSize(1);
            return granted.get(0);
        }

        void publish(String topic, String payload) throws Exception {
            await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
        }

        void publishRetained(String topic, String payload) throws Exception {
            await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, true));
        }

        void close() throws Exception {
            if (client.isConnected()) {
                await(client.disconnect());
            }
        }
    }
}
