package org.meternet.simulator;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.Topics;
import org.meternet.platform.hub.HubCommand;
import org.meternet.platform.hub.HubResponse;
import org.meternet.platform.hub.RegisterRead;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.platform.mqtt.ReliableMqttConsumer;

/**
 * A comms hub: makes its own key pair (the private key never leaves it), asks for a certificate
 * through a CSR, and talks to the platform broker over TLS with that certificate.
 */
public final class SimulatedHub implements AutoCloseable {
    private final DeviceId id;
    private final KeyPair keys;
    private final Path dir;
    private ReliableMqttConsumer connection;
    /** What the meter's import register reads, once the hub answers commands; null before. */
    private volatile Long importWh;

    public SimulatedHub(DeviceId id) {
        this.id = id;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = g.generateKeyPair();
            this.dir = Files.createTempDirectory("meternet-hub-");
            // PKCS#8, which every TLS stack reads
            Files.writeString(dir.resolve("hub.key"), pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("hub " + id + " cannot make its key pair", e);
        }
    }

    public DeviceId id() {
        return id;
    }

    /** A PKCS#10 request; the subject is only a hint, the CA sets the CN to the hub's EUI-64. */
    public String certificateSigningRequest() {
        try {
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + id.value()), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return pem(csr);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public void installCertificate(String certificatePem) {
        try {
            Files.writeString(dir.resolve("hub.crt"), certificatePem);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Connects to the broker's hubs' listener over TLS with its certificate, on one connection for both ways (the
     * broker takes the certificate's CN as the client id, so a hub has one), listening to its own commands: it answers
     * them once {@link #answerCommands} has said what its meter reads, and leaves them unanswered before.
     */
    public void connect(Vertx vertx, Endpoints endpoints) {
        MqttEndpoint tls = MqttEndpoint.mutualTls(endpoints.brokerHost(), endpoints.brokerTlsPort(),
                endpoints.caCertificate().toString(), dir.resolve("hub.crt").toString(), dir.resolve("hub.key").toString());
        connection = new ReliableMqttConsumer(vertx, tls, "hub-" + id.value(), true,
                List.of("meternet/v1/hubs/" + id.value() + "/down/+/commands"), 50, this::commands);
        try {
            connection.start().await().atMost(Duration.ofSeconds(15));
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new IllegalStateException("hub " + id + " could not connect to " + tls + " within 15 s", e);
        }
    }

    /**
     * From now on answers the platform's service requests for this hub's devices, as a hub would: DELIVERED on receipt,
     * then SUCCEEDED with what the device says (its import register, supply status or firmware version). A command
     * past its time to live is ignored.
     */
    public void answerCommands(long importWh) {
        this.importWh = importWh;
    }

    private io.smallrye.mutiny.Uni<Void> commands(List<org.meternet.platform.mqtt.InboundMessage> batch) {
        io.smallrye.mutiny.Uni<Void> done = io.smallrye.mutiny.Uni.createFrom().voidItem();
        Long reads = importWh;
        for (var m : batch) {
            HubCommand c;
            try {
                c = EventCodec.MAPPER.readValue(m.bytes(), HubCommand.class);
            } catch (IOException e) {
                continue;
            }
            if (reads == null || (c.expiresAt() != null && c.expiresAt().isBefore(Instant.now()))) {
                continue;
            }
            String up = Topics.responsesTo(m.topic());
            Object answer = switch (c.srv()) {
                case "4.1.1" -> java.util.Map.of("importWh", reads, "exportWh", 0);
                case "7.4" -> java.util.Map.of("supply", "ENABLED");
                case "11.2" -> java.util.Map.of("firmwareVersion", "1.0.3");
                default -> java.util.Map.of("srv", c.srv());
            };
            done = done.chain(() -> respond(up, new HubResponse(c.requestId(), HubResponse.DELIVERED, null, null)))
                    .chain(() -> respond(up, new HubResponse(c.requestId(), HubResponse.SUCCEEDED, "I0",
                            EventCodec.MAPPER.valueToTree(answer))));
        }
        return done;
    }

    private io.smallrye.mutiny.Uni<Void> respond(String topic, HubResponse r) {
        try {
            return connection.publish(topic, EventCodec.MAPPER.writeValueAsBytes(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a response to a service request on this hub's own topic for {@code meter}; done at the broker's PUBACK. */
    public void publishResponse(DeviceId meter, HubResponse response) {
        respond(Topics.hubUp(id, meter, Topics.HubMessageKind.RESPONSES), response).await().atMost(Duration.ofSeconds(10));
    }

    public RegisterRead reading(DeviceId meter, long importWh) {
        return RegisterRead.of(UUID.randomUUID().toString(), meter.value(), Instant.now(), importWh, 0L, null);
    }

    /** Publishes at QoS 1 and returns once the broker acknowledged it. */
    public void publish(DeviceId meter, RegisterRead reading) {
        publishAs(id, meter, reading);
    }

    /** Publishes under another hub's topic: the broker's ACL must drop it. */
    public void publishAs(DeviceId claimedHub, DeviceId meter, RegisterRead reading) {
        try {
            connection.publish(Topics.hubUp(claimedHub, meter, Topics.HubMessageKind.READINGS),
                    EventCodec.MAPPER.writeValueAsBytes(reading)).await().atMost(Duration.ofSeconds(10));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.stop();
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
