package org.meternet.platform.mqtt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The platform broker's service listener, as each service reaches it. */
@ConfigMapping(prefix = "meternet.mqtt")
public interface MqttConfig {
    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("1884")
    int port();

    Optional<String> username();

    Optional<String> password();

    Optional<String> trustPemFile();

    /** Stable per instance (a StatefulSet ordinal in Kubernetes), so that a persistent session survives restarts. */
    String clientId();

    @WithDefault("1000")
    int maxInflight();

    /**
     * Consumers keep a persistent session (messages wait in the broker while they are down). Tests
     * turn it off: an offline persistent member of a shared subscription still gets its share.
     */
    @WithDefault("true")
    boolean persistentSessions();
}
