package io.outpost.common.systemd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Liveness} that hands each executor (a Netty event loop, the agent's scheduler) a no-op
 * and requires every one to run it within the bound. A no-op still queued from an earlier probe
 * is waited for, never queued again: a wedged executor does not collect one per probe.
 * Used from the watchdog's one thread only.
 */
public final class ExecutorsAnswer implements Liveness {
    private static final Runnable NOTHING = () -> {};
    private final List<? extends Executor> executors;
    private final List<CompletableFuture<Void>> pending;

    public ExecutorsAnswer(List<? extends Executor> executors) {
        this.executors = List.copyOf(executors);
        this.pending = new ArrayList<>(executors.size());
        executors.forEach(e -> pending.add(null));
    }

    @Override
    public String problem(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (int i = 0; i < executors.size(); i++) {
            CompletableFuture<Void> f = pending.get(i);
            if (f == null || f.isDone()) {
                try {
                    pending.set(i, CompletableFuture.runAsync(NOTHING, executors.get(i)));
                } catch (RejectedExecutionException e) {
                    return name(i) + " is shut down";
                }
            }
        }
        for (int i = 0; i < executors.size(); i++) {
            try {
                pending.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return name(i) + " has not run a task within " + within.toMillis() + " ms";
            } catch (ExecutionException e) {
                return name(i) + " failed a no-op: " + e.getCause();
            }
        }
        return null;
    }

    private String name(int i) {
        return executors.size() == 1 ? executors.get(i).toString() : "executor " + (i + 1) + " of " + executors.size()
                + " (" + executors.get(i) + ")";
    }
}
