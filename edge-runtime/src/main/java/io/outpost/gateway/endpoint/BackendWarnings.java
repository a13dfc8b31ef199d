package io.outpost.gateway.endpoint;

import io.outpost.common.logging.OperatorWarnings;
import io.outpost.common.logging.WarningLimiter;
import io.outpost.common.logging.WarningWriter;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend that cannot be reached, fails its TLS handshake or does not answer in time, said on stderr
 * (area "backend") at most once per backend and kind per 30 s, with the count held back. Called on the
 * event loop for every failed attempt of a burst: a lookup and two atomics unless a line is due, and then
 * the line is written by another thread (stderr may block). Names
 * the backend by host and port, never by its URL (whose query may carry a key).
 */
public final class BackendWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(BackendWarnings.class);
    private static final ConcurrentHashMap<BackendTarget, WarningLimiter[]> LIMITERS = new ConcurrentHashMap<>();
    private static final int UNREACHABLE = 0;
    private static final int TLS = 1;
    private static final int TIMEOUT = 2;

    private BackendWarnings() {}

    /** A connection to {@code target} could not be made (resolve, connect, connect timeout) or its handshake failed. */
    static void connectFailed(BackendTarget target, BackendUnavailableException.Kind kind, String message, Throwable cause) {
        if (kind == BackendUnavailableException.Kind.POOL_EXHAUSTED) {
            return;
        }
        boolean tls = kind == BackendUnavailableException.Kind.TLS;
        WarningLimiter limiter = limiters(target)[tls ? TLS : UNREACHABLE];
        if (limiter.due()) {
            String why = cause == null || tls ? message : message + ": " + rootMessage(cause);
            WarningWriter.warn(LOG, limiter.line("backend " + name(target) + (tls ? " refused by TLS: " : " unreachable: ") + why));
        }
    }

    /** No response headers from {@code target} within the endpoint's timeout. */
    public static void timedOut(BackendTarget target, long timeoutMillis) {
        WarningLimiter limiter = limiters(target)[TIMEOUT];
        if (limiter.due()) {
            WarningWriter.warn(LOG, limiter.line("backend " + name(target) + " timing out: no response within " + timeoutMillis + " ms"));
        }
    }

    private static WarningLimiter[] limiters(BackendTarget target) {
        WarningLimiter[] known = LIMITERS.get(target);
        if (known != null) {
            return known;
        }
        OperatorWarnings shared = OperatorWarnings.shared();
        String name = name(target);
        WarningLimiter[] made = {shared.limiter("backend-unreachable " + name), shared.limiter("backend-tls " + name),
                shared.limiter("backend-timeout " + name)};
        WarningLimiter[] raced = LIMITERS.putIfAbsent(target, made);
        return raced != null ? raced : made;
    }

    private static String name(BackendTarget target) {
        return target.host() + ":" + target.port();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
