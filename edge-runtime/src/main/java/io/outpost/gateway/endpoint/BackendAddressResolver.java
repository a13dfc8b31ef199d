package io.outpost.gateway.endpoint;

import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Resolves backend host names off the event loops. The JDK resolver blocks (and honours
 * /etc/hosts and nsswitch, which an air-gapped site relies on), so lookups run on one daemon
 * thread and complete a promise on the requesting event loop. Answers are cached briefly.
 */
public final class BackendAddressResolver implements AutoCloseable {
    private static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private record Cached(InetAddress address, long expiresAt) {}

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ExecutorService lookups = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outpost-dns");
        t.setDaemon(true);
        return t;
    });

    public Future<InetSocketAddress> resolve(EventLoop loop, String host, int port) {
        Promise<InetSocketAddress> promise = loop.newPromise();
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return promise.setSuccess(new InetSocketAddress(InetAddress.getByAddress(host, literal), port));
            } catch (UnknownHostException e) {
                return promise.setFailure(e);
            }
        }
        Cached cached = cache.get(host);
        if (cached != null && cached.expiresAt - System.nanoTime() > 0) {
            return promise.setSuccess(new InetSocketAddress(cached.address, port));
        }
        try {
            lookups.execute(() -> {
                try {
                    InetAddress address = InetAddress.getByName(host);
                    cache.put(host, new Cached(address, System.nanoTime() + TTL_NANOS));
                    promise.trySuccess(new InetSocketAddress(address, port));
                } catch (UnknownHostException | RuntimeException e) {
                    promise.tryFailure(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            promise.tryFailure(e);
        }
        return promise;
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }
}
