package org.meternet.messaging.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;
import org.meternet.messaging.persistence.DeviceProjection;
import org.meternet.platform.consumer.EventConsumer;
import org.meternet.platform.event.Topics;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.mqtt.ReliableMqttConsumer;

/** Keeps the device projection in step with installation-service's events. */
@ApplicationScoped
public class InstallationEvents {
    static final String CONSUMER = "messaging.device-projection";
    private static final Logger LOG = Logger.getLogger(InstallationEvents.class);

    private final MqttClients mqtt;
    private final Pool pool;
    private final DeviceProjection projection;
    private ReliableMqttConsumer consumer;

    public InstallationEvents(MqttClients mqtt, Pool pool, DeviceProjection projection) {
        this.mqtt = mqtt;
        this.pool = pool;
        this.projection = projection;
    }

    void start(@Observes StartupEvent ev) {
        consumer = mqtt.consumer("installation-events", List.of(Topics.eventsOf("installation")), 200,
                EventConsumer.applying(pool, CONSUMER, projection::apply));
        consumer.start().subscribe().with(ok -> LOG.info("following installation events for the device projection"),
                e -> LOG.error("cannot follow installation events", e));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
    }
}
