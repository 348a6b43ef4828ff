package org.meternet.gateway.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.mqtt.Presence;

/** How many gateway replicas are serving, as the broker sees them: the per-organisation rate limits are shared out among them. */
@Singleton
public class GatewayReplicas {
    private static final Logger LOG = Logger.getLogger(GatewayReplicas.class);

    private final Presence presence;

    public GatewayReplicas(MqttClients mqtt) {
        this.presence = mqtt.presence("gateway", Duration.ofSeconds(10));
    }

    void start(@Observes StartupEvent start) {
        presence.start().subscribe().with(ok -> LOG.infof("gateway replicas serving: %d", presence.instances()),
                e -> LOG.error("cannot announce this gateway replica", e));
    }

    void stop(@Observes ShutdownEvent stop) {
        presence.stop();
    }

    /** This one included; one while the broker is out of reach. */
    public int count() {
        return presence.instances();
    }
}
