package org.meternet.simulator.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.meternet.simulator.Api;

/**
 * A machine client's access token kept fresh for a load that outlives it (the realm's tokens live 5 minutes): fetched
 * again every minute; while Keycloak does not answer, the last one is used.
 */
final class Tokens implements AutoCloseable {
    private final Api api;
    private final String clientId;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "token-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile String token;

    Tokens(Api api, String clientId) {
        this.api = api;
        this.clientId = clientId;
        this.token = api.devToken(clientId);
        timer.scheduleAtFixedRate(this::refresh, 60, 60, TimeUnit.SECONDS);
    }

    String get() {
        return token;
    }

    private void refresh() {
        try {
            token = api.devToken(clientId);
        } catch (RuntimeException e) {
            System.err.println("    could not refresh the token of " + clientId + " (" + e.getMessage() + "); keeping the last one");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
