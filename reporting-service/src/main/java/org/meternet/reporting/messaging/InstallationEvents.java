package org.meternet.reporting.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;
import org.meternet.platform.consumer.EventConsumer;
import org.meternet.platform.event.Topics;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.mqtt.ReliableMqttConsumer;
import org.meternet.reporting.persistence.RolloutStore;

/** Builds the roll-out read model from installation-service's events. */
@ApplicationScoped
public class InstallationEvents {
    static final String CONSUMER = "reporting.rollout";
    private static final Logger LOG = Logger.getLogger(InstallationEvents.class);

    private final MqttClients mqtt;
    private final Pool pool;
    private final RolloutStore rollout;
    private ReliableMqttConsumer consumer;

    public InstallationEvents(MqttClients mqtt, Pool pool, RolloutStore rollout) {
        this.mqtt = mqtt;
        this.pool = pool;
        this.rollout = rollout;
    }

    void start(@Observes StartupEvent ev) {
        consumer = mqtt.consumer("installation-events", List.of(Topics.eventsOf("installation")), 500,
                EventConsumer.applying(pool, CONSUMER, rollout::apply));
        consumer.start().subscribe().with(ok -> LOG.info("following installation events for the roll-out reports"),
                e -> LOG.error("cannot follow installation events", e));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
    }
}
