package org.meternet.simulator.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.CountDownLatch;
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
        CountDownLatch done = new CountDownLatch(total);
        Progress progress = new Progress(what, total);
        long start = System.nanoTime();
        long period = 1_000_000_000L / perSecond;
        for (int i = 0; i < total; i++) {
            long slot = start + i * period;
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            vertx.runOnContext(v -> {
                Call r;
                try {
                    r = request.apply(client, n);
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    done.countDown();
                    return;
                }
                (r.body() == null ? r.request().timeout(10_000).send() : r.request().timeout(10_000).sendBuffer(r.body()))
                        .onComplete(ar -> {
                            if (ar.succeeded() && ar.result().statusCode() == expectedStatus) {
                                bySlot[n] = (System.nanoTime() - slot) / 1e6;
                            } else {
                                errors.incrementAndGet();
                            }
                            done.countDown();
                        });
            });
            progress.update(i + 1);
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            errors.addAndGet((int) done.getCount());
        }
        // each callback wrote its slot before counting down the latch awaited above: the writes are seen here
        return new Outcome(java.util.Arrays.stream(bySlot).filter(l -> !Double.isNaN(l)).toArray(), errors.get(), total, bySlot,
                perSecond);
    }
}
