package org.meternet.messaging.mqtt;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.platform.consumer.EventReplay;
import org.meternet.messaging.persistence.SupplierRegistrations;

/**
 * Replays installation-service's events into the device projection, to repair it after a loss or a
 * bug: rows missing or behind are brought up to date, rows already at an event's sequence are
 * rewritten from it. Ingestion carries on meanwhile.
 */
@ApplicationScoped
public class ProjectionRebuild {
    private final EventReplay replay;
    private final Pool pool;
    private final DeviceProjection projection;
    private final SupplierRegistrations registrations;
    private final URI installation;

    public ProjectionRebuild(Vertx vertx, Pool pool, DeviceProjection projection, SupplierRegistrations registrations,
            @ConfigProperty(name = "meternet.installation.url") URI installation) {
        this.registrations = registrations;
        this.replay = new EventReplay(vertx, pool);
        this.pool = pool;
        this.projection = projection;
        this.installation = installation;
    }

    @PreDestroy
    void close() {
        replay.close();
    }

    public record Result(long eventsApplied, long lastSequence, long devices) {
    }

    /** Replays the events after {@code after} (0: all of them) with the caller's token. */
    public Uni<Result> rebuild(String authorization, long after) {
        return replay.replay("installation", installation, authorization, after, (tx, event) -> projection.replay(tx, event).chain(() -> registrations.apply(tx, event)))
                .chain(r -> pool.query("select count(*) from device_projection").execute()
                        .map(rows -> new Result(r.eventsApplied(), r.lastSequence(), rows.iterator().next().getLong(0))));
    }
}
