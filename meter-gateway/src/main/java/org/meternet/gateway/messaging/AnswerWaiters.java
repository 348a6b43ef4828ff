package org.meternet.gateway.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.meternet.gateway.domain.ServiceRequest;

/** Callers of this replica waiting for a device's answer, by request id. */
@ApplicationScoped
public class AnswerWaiters {
    private final Map<String, CompletableFuture<ServiceRequest>> waiting = new ConcurrentHashMap<>();

    /** Registers before the command is sent, so that no answer can come first. */
    public CompletableFuture<ServiceRequest> register(String requestId) {
        return waiting.computeIfAbsent(requestId, k -> new CompletableFuture<>());
    }

    /** The request once it has ended, or null when it has not within the wait. */
    public Uni<ServiceRequest> await(String requestId, CompletableFuture<ServiceRequest> answer, Duration wait) {
        return Uni.createFrom().completionStage(answer).ifNoItem().after(wait).recoverWithItem((ServiceRequest) null)
                .eventually(() -> waiting.remove(requestId, answer));
    }

    public boolean isWaiting(String requestId) {
        return waiting.containsKey(requestId);
    }

    public void changed(ServiceRequest request) {
        if (request.state().terminal()) {
            CompletableFuture<ServiceRequest> f = waiting.get(request.requestId());
            if (f != null) {
                f.complete(request);
            }
        }
    }
}
