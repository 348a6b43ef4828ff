package org.meternet.platform.mqtt;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import java.util.Optional;

/**
 * Where and how to reach a broker: services use a password listener, hubs the TLS listener with
 * their own certificate. Plain Java so the simulator and tests can build one without CDI.
 */
public record MqttEndpoint(
        String host,
        int port,
        Optional<String> username,
        Optional<String> password,
        Optional<String> trustPemFile,
        Optional<String> certPemFile,
        Optional<String> keyPemFile,
        int maxInflight) {

    /** The broker's max_packet_size (infra/mosquitto/mosquitto.conf.in). */
    public static final int MAX_PACKET_BYTES = 262_144;

    public static MqttEndpoint plain(String host, int port, String username, String password) {
        return new MqttEndpoint(host, port, Optional.ofNullable(username), Optional.ofNullable(password),
                Optional.empty(), Optional.empty(), Optional.empty(), 1000);
    }

    public static MqttEndpoint mutualTls(String host, int port, String trustPem, String certPem, String keyPem) {
        return new MqttEndpoint(host, port, Optional.empty(), Optional.empty(),
                Optional.of(trustPem), Optional.of(certPem), Optional.of(keyPem), 1000);
    }

    public static MqttEndpoint from(MqttConfig config) {
        return new MqttEndpoint(config.host(), config.port(), config.username(), config.password(),
                config.trustPemFile(), Optional.empty(), Optional.empty(), config.maxInflight());
    }

    MqttClientOptions options(String clientId, boolean cleanSession) {
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(cleanSession)
                .setMaxInflightQueue(maxInflight)
                .setKeepAliveInterval(30)
                .setAckTimeout(30)
                // Vert.x refuses frames over 8 KiB by default and drops the connection; the
                // platform broker allows 256 KiB packets.
                .setMaxMessageSize(MAX_PACKET_BYTES);
        o.setConnectTimeout(5000);
        o.setAutoAck(false);
        username.ifPresent(o::setUsername);
        password.ifPresent(o::setPassword);
        if (trustPemFile.isPresent()) {
            o.setSsl(true);
            o.setPemTrustOptions(new PemTrustOptions().addCertPath(trustPemFile.get()));
            // The broker's certificate names its host (127.0.0.1, localhost, the k8s service): check it.
            o.setHostnameVerificationAlgorithm("HTTPS");
        }
        if (certPemFile.isPresent() && keyPemFile.isPresent()) {
            o.setPemKeyCertOptions(new PemKeyCertOptions().setCertPath(certPemFile.get()).setKeyPath(keyPemFile.get()));
        }
        return o;
    }

    @Override
    public String toString() {
        return (trustPemFile.isPresent() ? "mqtts://" : "mqtt://") + host + ":" + port;
    }
}
