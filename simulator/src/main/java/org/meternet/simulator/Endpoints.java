package org.meternet.simulator;

import java.nio.file.Path;

/** Where the platform runs, as the demo and the end-to-end tests reach it. */
public record Endpoints(String keycloakUrl, String gatewayUrl, String brokerHost, int brokerPort, int brokerTlsPort,
        Path caCertificate) {

    public static Endpoints local(String keycloakUrl, Path pki, int brokerPort, int brokerTlsPort) {
        return new Endpoints(keycloakUrl, "http://127.0.0.1:8080", "127.0.0.1", brokerPort, brokerTlsPort,
                pki.resolve("device-ca.crt"));
    }
}
