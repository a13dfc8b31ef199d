package io.outpost.gateway.proxy;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open client connections: enforces {@code maxConnections} and lets a shutdown ask every
 * connection to finish its exchange and close.
 */
public final class ConnectionTracker {
    /** Fired on each client channel when the gateway starts draining. */
    public static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup channels = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    public ConnectionTracker(int max) {
        this.max = max;
    }

    /** @return false when the connection must be closed at once (limit reached or draining) */
    boolean admit(Channel channel) {
        if (draining || open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        channels.add(channel);
        return true;
    }

    void closed() {
        if (open.decrementAndGet() == 0 && draining) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until every connection has closed or the time is up; returns how many are still open. */
    public int awaitClosed(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            long left;
            while (open.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return open.get();
    }

    public int open() {
        return open.get();
    }

    /** Asks every connection to close once its current exchange is done. */
    public void drain() {
        draining = true;
        for (Channel ch : channels) {
            ch.pipeline().fireUserEventTriggered(DRAIN);
        }
    }

    public void closeAll() {
        channels.close().awaitUninterruptibly();
    }
}
