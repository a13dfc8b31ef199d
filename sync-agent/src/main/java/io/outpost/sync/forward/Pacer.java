package io.outpost.sync.forward;

import java.util.concurrent.TimeUnit;

/**
 * The optional upload cap: a token bucket in bytes, holding at most a quarter second's worth, so
 * the uplink sees a steady stream at the configured rate rather than line-rate bursts.
 */
public final class Pacer {
    private final long bytesPerSecond;
    private final long capacity;
    private double tokens;
    private long lastNanos = System.nanoTime();

    /** @param bytesPerSecond 0 for no cap */
    public Pacer(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.capacity = Math.max(1024, bytesPerSecond / 4);
        this.tokens = capacity;
    }

    public boolean limited() {
        return bytesPerSecond > 0;
    }

    /** The chunk size an upload should be cut into so pacing stays smooth. */
    public int chunkSize() {
        return (int) Math.max(1024, Math.min(16 * 1024, bytesPerSecond / 8));
    }

    /** Blocks until {@code bytes} may be sent. */
    public synchronized void acquire(int bytes) throws InterruptedException {
        if (bytesPerSecond <= 0) {
            return;
        }
        while (true) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - lastNanos) * bytesPerSecond / 1e9);
            lastNanos = now;
            if (tokens >= bytes) {
                tokens -= bytes;
                return;
            }
            long waitNanos = (long) ((bytes - tokens) * 1e9 / bytesPerSecond);
            TimeUnit.NANOSECONDS.sleep(Math.max(waitNanos, 1_000_000));
        }
    }
}
