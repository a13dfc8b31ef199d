package io.outpost.gateway.security.basic;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads password checks run on, never an event loop's. Bounded twice: {@code threads}
 * checks at once (each Argon2id check holds its m KiB of heap) and {@code queue} waiting; past that
 * {@link #execute} refuses at once instead of queueing without end, so a flood of guesses costs the
 * gateway a fixed amount of memory and the clients a 503.
 *
 * <p>One pool per generation (with its cache, see {@link BasicAuthCheck}); idle threads end after
 * {@link #IDLE_SECONDS}, so a replaced generation's pool leaves nothing behind. During a switch the
 * old and new pools may both be busy for as long as the old one's last checks take.
 */
final class HashPool {
    static final int IDLE_SECONDS = 10;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    HashPool(int threads, int queue) {
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "outpost-hash-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** @throws RejectedExecutionException when every thread is busy and the queue is full */
    void execute(Runnable task) {
        executor.execute(task);
    }
}
