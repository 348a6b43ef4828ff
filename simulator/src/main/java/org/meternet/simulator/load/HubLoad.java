package org.meternet.simulator.load;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.meternet.platform.mqtt.MqttEndpoint;
import org.meternet.platform.mqtt.MqttPublisher;

/**
 * Publishes numbered hub messages at QoS 1 over a few broker connections, as a concentrator of many
 * hubs would: each connection keeps at most {@code window} messages awaiting their PUBACK, a
 * message whose send fails (broker away) is sent again as a hub retries, and the numbers the
 * broker acknowledged are kept so that a test can check each one was stored.
 */
public final class HubLoad implements AutoCloseable {
    /** One message: where it goes and what it says. */
    public record Message(String topic, byte[] payload) {
    }

    /** What the broker took: messages acknowledged, sends that failed and were retried, the time taken. */
    public record Outcome(long acknowledged, long retries, double seconds) {
        public double ratePerSecond() {
            return acknowledged / seconds;
        }
    }

    private final Vertx vertx;
    private final List<MqttPublisher> publishers = new ArrayList<>();
    private final int window;
    private final BitSet acknowledged = new BitSet();
    private long acknowledgedCount;
    private volatile SendListener onAcknowledged = SendListener.NONE;
    private volatile SendListener onFailed = SendListener.NONE;

    /** Hears each PUBACK (the message number and the nanoTime it arrived). */
    public void onAcknowledged(SendListener listener) {
        this.onAcknowledged = listener;
    }

    /** Hears each send that failed (the connection dropped before its PUBACK; it is sent again) and when. */
    public void onFailed(SendListener listener) {
        this.onFailed = listener;
    }

    public HubLoad(MqttEndpoint endpoint, int connections, int window, String clientPrefix) {
        this.vertx = Vertx.vertx();
        this.window = window;
        for (int i = 0; i < connections; i++) {
            publishers.add(new MqttPublisher(vertx, endpoint, clientPrefix + "-" + i));
        }
    }

    public HubLoad start() {
        publishers.forEach(p -> p.start().await().atMost(Duration.ofSeconds(15)));
        return this;
    }

    /** Whether the broker acknowledged message {@code seq}. */
    public synchronized boolean acknowledged(long seq) {
        return acknowledged.get((int) seq);
    }

    /** A copy of the numbers the broker acknowledged. */
    public synchronized BitSet acknowledgedSet() {
        return (BitSet) acknowledged.clone();
    }

    public synchronized long acknowledgedCount() {
        return acknowledgedCount;
    }

    /**
     * Sends messages [first, first + count), {@code perSecond} of them a second in all (0: as fast
     * as the windows allow), and returns once every one was acknowledged or {@code patience} ran out.
     * {@code onDue} hears each message's due time (nanoTime), for open-loop latency.
     */
    public Outcome send(long first, long count, double perSecond, LongFunction<Message> make, Duration patience,
            SendListener onDue) throws InterruptedException {
        return send(first, count, perSecond, make, patience, onDue, () -> true);
    }

    /** Asked before each message: may block (to hold the publishers back), false stops sending. */
    @FunctionalInterface
    public interface Gate {
        boolean proceed() throws InterruptedException;
    }

    /** As above; {@code gate} may hold the publishers back or stop them. */
    public Outcome send(long first, long count, double perSecond, LongFunction<Message> make, Duration patience,
            SendListener onDue, Gate gate) throws InterruptedException {
        int k = publishers.size();
        AtomicLong retries = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + patience.toNanos();
        long period = perSecond > 0 ? Math.round(1e9 / perSecond) : 0;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            int lane = c;
            Thread t = new Thread(() -> {
                MqttPublisher publisher = publishers.get(lane);
                Semaphore permits = new Semaphore(window);
                ConcurrentLinkedQueue<Long> again = new ConcurrentLinkedQueue<>();
                AtomicLong outstanding = new AtomicLong();
                try {
                    for (long i = lane; i < count; i += k) {
                        if (!gate.proceed()) {
                            break;
                        }
                        long seq = first + i;
                        if (period > 0) {
                            long due = start + i * period;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            onDue.due(seq, due);
                        }
                        Long retry;
                        while ((retry = again.poll()) != null) {
                            publish(publisher, permits, again, outstanding, retries, done, retry, make);
                        }
                        publish(publisher, permits, again, outstanding, retries, done, seq, make);
                    }
                    while ((outstanding.get() > 0 || !again.isEmpty()) && System.nanoTime() < deadline) {
                        Long retry = again.poll();
                        if (retry == null) {
                            Thread.sleep(5);
                        } else {
                            if (!publisher.isConnected()) {
                                Thread.sleep(100);
                            }
                            publish(publisher, permits, again, outstanding, retries, done, retry, make);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "hub-load-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Outcome(done.get(), retries.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Hears when each message was due to be sent. */
    @FunctionalInterface
    public interface SendListener {
        SendListener NONE = (seq, dueNanos) -> { };

        void due(long seq, long dueNanos);
    }

    private void publish(MqttPublisher publisher, Semaphore permits, ConcurrentLinkedQueue<Long> again, AtomicLong outstanding,
            AtomicLong retries, AtomicLong done, long seq, LongFunction<Message> make) throws InterruptedException {
        while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            // the window is full: the broker has not acknowledged enough yet
        }
        if (!publisher.isConnected()) {
            Thread.sleep(20); // a hub waits for its connection before trying again
        }
        Message m = make.apply(seq);
        outstanding.incrementAndGet();
        publisher.publish(m.topic(), m.payload()).subscribe().with(ok -> {
            onAcknowledged.due(seq, System.nanoTime());
            synchronized (this) {
                if (!acknowledged.get((int) seq)) {
                    acknowledged.set((int) seq);
                    acknowledgedCount++;
                }
            }
            done.incrementAndGet();
            outstanding.decrementAndGet();
            permits.release();
        }, failure -> {
            onFailed.due(seq, System.nanoTime());
            retries.incrementAndGet();
            again.add(seq);
            outstanding.decrementAndGet();
            permits.release();
        });
    }

    @Override
    public void close() {
        publishers.forEach(MqttPublisher::stop);
        vertx.close();
    }
}
