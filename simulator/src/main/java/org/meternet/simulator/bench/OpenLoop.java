package org.meternet.simulator.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * Requests at a fixed rate (open loop): each is due at its slot and its latency counts from that slot, so a slow
 * server cannot hide behind a slowed client. They go out from one Vert.x event loop over a pool of kept-alive
 * HTTP/1.1 connections: the load generator must take little of the two cores it shares with the system under test
 * (the JDK's HttpClient added more than 100 ms to the p99 here).
 */
final class OpenLoop implements AutoCloseable {
    /**
     * Latencies (ms) of the requests answered with the expected status, and how many were not; {@code bySlot} holds
     * each request's latency at its number (NaN: not answered as expected), to see when the slow ones were due.
     */
    record Outcome(double[] latencies, int errors, int sent, double[] bySlot, int perSecond) {
        /**
         * The seconds of the run with requests slower than {@code thresholdMs}, the worst first (at most {@code most}):
         * a stall (a pause of the whole system) shows as a few seconds holding most of them, queueing as many seconds
         * holding a few each.
         */
        String slowSeconds(double thresholdMs, int most) {
            int seconds = (bySlot.length + perSecond - 1) / perSecond;
            int[] count = new int[seconds];
            double[] worst = new double[seconds];
            for (int i = 0; i < bySlot.length; i++) {
                if (bySlot[i] > thresholdMs) {
                    count[i / perSecond]++;
                    worst[i / perSecond] = Math.max(worst[i / perSecond], bySlot[i]);
                }
            }
            int slow = java.util.Arrays.stream(count).sum();
            if (slow == 0) {
                return "none over " + (int) thresholdMs + " ms";
            }
            String list = java.util.stream.IntStream.range(0, seconds).boxed().filter(t -> count[t] > 0)
                    .sorted((a, b) -> Integer.compare(count[b], count[a])).limit(most)
                    .map(t -> String.format(java.util.Locale.ROOT, "s%d: %d (worst %.0f ms)", t, count[t], worst[t]))
                    .collect(java.util.stream.Collectors.joining(", "));
            long secondsWithSlow = java.util.Arrays.stream(count).filter(c -> c > 0).count();
            return String.format(java.util.Locale.ROOT, "%d over %d ms in %d of %d seconds; %s", slow, (int) thresholdMs,
                    secondsWithSlow, seconds, list);
        }
    }

    /** One request to send, with its body (null: none). */
    record Call(HttpRequest<Buffer> request, Buffer body) {
    }

    /**
     * Hears each request's end: its latency from its slot in ms, or NaN when it was not answered as expected, with why
     * ({@code failure}: "HTTP 503", "timeout", "connection refused", ...; null when it was).
     */
    @FunctionalInterface
    interface Listener {
        void ended(long slotNanos, double latencyMs, String failure);
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    // kept across the rounds of a bench: a measured round after its warm-up finds its connections open
    private final WebClient client = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(64).setKeepAlive(true));

    @Override
    public void close() {
        client.close();
        vertx.close();
    }

    /** One round on a load generator of its own. */
    static Outcome run(String what, int perSecond, int seconds, int expectedStatus,
            BiFunction<WebClient, Integer, Call> request) throws InterruptedException {
        try (OpenLoop load = new OpenLoop()) {
            return load.round(what, perSecond, seconds, expectedStatus, request);
        }
    }

    /**
     * @param request given the client and the request's number, the request and its body (null: no body)
     */
    Outcome round(String what, int perSecond, int seconds, int expectedStatus,
            BiFunction<WebClient, Integer, Call> request) throws InterruptedException {
        int total = perSecond * seconds;
        double[] bySlot = new double[total];
        java.util.Arrays.fill(bySlot, Double.NaN);
        AtomicInteger errors = new AtomicInteger();
        Progress progress = new Progress(what, total);
        int sent = drive(perSecond, total, expectedStatus, request, (n, slot, ms, why) -> {
            if (Double.isNaN(ms)) {
                errors.incrementAndGet();
            } else {
                bySlot[n] = ms;
            }
        }, progress::update, () -> false);
        errors.addAndGet(total - sent);
        // each callback wrote its slot before drive() saw it end: the writes are seen here
        return new Outcome(java.util.Arrays.stream(bySlot).filter(l -> !Double.isNaN(l)).toArray(), errors.get(), total, bySlot,
                perSecond);
    }

    /**
     * Requests at {@code perSecond} for at most {@code seconds}, each end told to {@code listener} as it comes (nothing
     * kept here: for a load that runs for an hour); stops early once {@code stop} says so. A request that fails
     * (refused connection, timeout after 10 s, unexpected status) is counted by the listener and the load goes on.
     * Returns how many were sent.
     */
    int stream(int perSecond, long seconds, int expectedStatus, BiFunction<WebClient, Integer, Call> request, Listener listener,
            java.util.function.BooleanSupplier stop) throws InterruptedException {
        long total = perSecond * seconds;
        return drive(perSecond, (int) Math.min(Integer.MAX_VALUE, total), expectedStatus, request,
                (n, slot, ms, why) -> listener.ended(slot, ms, why), done -> { }, stop);
    }

    /** A failed request's cause in a few words, to count failures by kind. */
    static String why(Throwable e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof java.util.concurrent.TimeoutException || m.contains("timeout") || m.contains("timed out")) {
            return "timeout (10 s)";
        }
        if (m.contains("connection refused")) {
            return "connection refused";
        }
        if (m.contains("closed") || m.contains("reset")) {
            return "connection closed";
        }
        return e.getClass().getSimpleName();
    }

    private interface Ended {
        void ended(int n, long slotNanos, double latencyMs, String failure);
    }

    /** Sends up to {@code total} requests, each at its slot; waits at most 30 s for the last answers; returns how many ended. */
    private int drive(int perSecond, int total, int expectedStatus, BiFunction<WebClient, Integer, Call> request, Ended ended,
            java.util.function.LongConsumer sentSoFar, java.util.function.BooleanSupplier stop) throws InterruptedException {
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        long start = System.nanoTime();
        long period = 1_000_000_000L / perSecond;
        int sent = 0;
        for (int i = 0; i < total && !stop.getAsBoolean(); i++) {
            long slot = start + i * period;
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            outstanding.incrementAndGet();
            sent++;
            vertx.runOnContext(v -> {
                Call r;
                try {
                    r = request.apply(client, n);
                } catch (RuntimeException e) {
                    ended.ended(n, slot, Double.NaN, "not sent: " + e.getMessage());
                    finished.incrementAndGet();
                    outstanding.decrementAndGet();
                    return;
                }
                (r.body() == null ? r.request().timeout(10_000).send() : r.request().timeout(10_000).sendBuffer(r.body()))
                        .onComplete(ar -> {
                            if (ar.succeeded() && ar.result().statusCode() == expectedStatus) {
                                ended.ended(n, slot, (System.nanoTime() - slot) / 1e6, null);
                            } else {
                                ended.ended(n, slot, Double.NaN, ar.succeeded() ? "HTTP " + ar.result().statusCode() : why(ar.cause()));
                            }
                            finished.incrementAndGet();
                            outstanding.decrementAndGet();
                        });
            });
            sentSoFar.accept(i + 1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return finished.get();
    }
}
