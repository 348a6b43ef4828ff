package org.meternet.gateway.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.meternet.gateway.api.GatewayConfig;
import org.meternet.gateway.persistence.ServiceRequestStore;

/**
 * Ends the requests whose time is up, once a second: TIMED_OUT (E21) when the hub acknowledged but the device did
 * not answer within the response timeout, EXPIRED (E20) when no hub took the command before its time to live.
 * Replicas may sweep together: a request moves only from the state it is in.
 */
@Singleton
public class RequestSweeper {
    private static final Logger LOG = Logger.getLogger(RequestSweeper.class);

    private final Vertx vertx;
    private final ServiceRequestStore store;
    private final AnswerWaiters waiters;
    private final GatewayConfig config;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private long timer = -1;

    public RequestSweeper(Vertx vertx, ServiceRequestStore store, AnswerWaiters waiters, GatewayConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.waiters = waiters;
        this.config = config;
    }

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(1000, t -> sweep());
    }

    void stop(@Observes ShutdownEvent stop) {
        vertx.cancelTimer(timer);
    }

    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        store.overdue(config.responseTimeout())
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(o -> store.advance(o.requestId(), o.next(), null, null).invoke(r -> {
                    if (r != null && r.state() == o.next()) {
                        LOG.infof("service request %s %s", r.requestId(), o.next() == org.meternet.gateway.domain.ServiceRequestState.EXPIRED
                                ? "expired: no hub took it before its time to live" : "timed out: the device did not answer (E21)");
                        waiters.changed(r);
                    }
                }))
                .collect().last()
                .eventually(() -> sweeping.set(false))
                .subscribe().with(x -> { }, e -> LOG.warn("sweeping overdue service requests failed; trying again", e));
    }
}
