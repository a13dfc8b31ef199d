package io.outpost.gateway.security.introspection;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.Revocations;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the key manager about the opaque tokens the table does not list. On the event loop it only
 * hashes the token and looks in the cache of recent answers (a hit is answered at once); a miss is
 * a {@link Check.Deferred} on the {@link IntrospectionClient}'s threads, shared by every request
 * carrying the same token while the call is under way. Active answers are kept {@code cacheSeconds}
 * (never past the token's {@code exp}), inactive ones {@code negativeCacheSeconds}, failures not at
 * all. What an answer gives is judged on every use, cached or not: {@code exp} by the clock floor and
 * the revocations bundle against the token's jti, subject and client. The token is never logged.
 */
final class Introspector {
    private static final Logger log = LoggerFactory.getLogger(Introspector.class);
    private static final Check INVALID = new Check.Refused(Faults.invalidCredentials());
    /**
     * Fail-closed while the key manager cannot answer: 503, since the token was not judged (a 401 would
     * tell the client to throw a good token away), and no 500 either (the gateway did not fail).
     */
    static final Fault KEY_MANAGER_UNAVAILABLE = new Fault(HttpResponseStatus.SERVICE_UNAVAILABLE, 101503, "Runtime Error",
            "The token could not be validated now: the key manager did not answer. Try again later.");
    private static final Check UNAVAILABLE = new Check.Refused(KEY_MANAGER_UNAVAILABLE);
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final IntrospectionSettings settings;
    private final IntrospectionClient client;
    private final AnswerCache cache;
    private final Map<TokenDigest, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();
    private final Semaphore calls;
    private final LongSupplier nanoTime;
    private final AtomicLong lastWarning = new AtomicLong();

    Introspector(IntrospectionSettings settings) {
        this(settings, System::nanoTime);
    }

    Introspector(IntrospectionSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.client = new IntrospectionClient(settings);
        this.cache = new AnswerCache(settings.maxCacheEntries(), nanoTime);
        this.calls = new Semaphore(settings.maxConcurrent());
        this.nanoTime = nanoTime;
        this.lastWarning.set(nanoTime.getAsLong() - WARN_EVERY_NANOS);
    }

    /**
     * @param tableAnswer what the table said (401 / 900901): the answer under {@code offline: table-only}
     *                    when the key manager cannot answer
     */
    Check check(String token, Revocations revocations, ClockFloor clock, Check tableAnswer) {
        TokenDigest digest = TokenDigest.of(token);
        Answer cached = cache.get(digest);
        if (cached != null) {
            return decide(cached, revocations, clock, tableAnswer);
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> running = inFlight.putIfAbsent(digest, mine);
        if (running != null) {
            return new Check.Deferred(running.thenApply(a -> decide(a, revocations, clock, tableAnswer)));
        }
        if (!calls.tryAcquire()) {
            Answer busy = new Answer.Unavailable(settings.maxConcurrent() + " calls (maxConcurrent) already under way");
            inFlight.remove(digest, mine);
            mine.complete(busy); // a request that joined it in between gets the same answer
            warn(busy);
            return decide(busy, revocations, clock, tableAnswer);
        }
        CompletableFuture<Answer> call;
        try {
            call = client.introspect(token);
        } catch (RuntimeException e) {
            call = CompletableFuture.completedFuture(new Answer.Unavailable("cannot call: " + e));
        }
        call.whenComplete((answer, failure) -> {
            calls.release();
            Answer a = failure != null ? new Answer.Unavailable("failed: " + failure) : answer;
            remember(digest, a, clock);
            inFlight.remove(digest, mine); // after the cache is filled, so a request now finds one or the other
            warn(a);
            mine.complete(a);
        });
        return new Check.Deferred(mine.thenApply(a -> decide(a, revocations, clock, tableAnswer)));
    }

    private Check decide(Answer answer, Revocations revocations, ClockFloor clock, Check tableAnswer) {
        if (answer instanceof Answer.Active active) {
            long now = clock.nowSeconds();
            Identity id = active.identity();
            if ((active.expiresAt() != 0 && active.expiresAt() <= now)
                    || revocations.revoked(active.jti(), id.subject(), id.applicationId(), now)) {
                return INVALID;
            }
            return new Check.Accepted(id);
        }
        if (answer instanceof Answer.Unavailable) {
            return settings.offline() == IntrospectionSettings.OfflinePolicy.FAIL_CLOSED ? UNAVAILABLE : tableAnswer;
        }
        return INVALID;
    }

    private void remember(TokenDigest digest, Answer answer, ClockFloor clock) {
        if (answer instanceof Answer.Active active) {
            long seconds = settings.cacheSeconds();
            if (active.expiresAt() != 0) {
                seconds = Math.min(seconds, active.expiresAt() - clock.nowSeconds());
            }
            cache.put(digest, answer, seconds);
        } else if (answer instanceof Answer.Inactive) {
            cache.put(digest, answer, settings.negativeCacheSeconds());
        }
    }

    /** Once per 10 s at most: a key manager that is down must not flood the log, one request per line. */
    private void warn(Answer answer) {
        if (answer instanceof Answer.Unavailable unavailable) {
            long now = nanoTime.getAsLong();
            long last = lastWarning.get();
            if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                log.warn("opaque-token introspection at {} cannot answer: {}; unknown opaque tokens are {} (offline: {})",
                        settings.endpoint(), unavailable.why(),
                        settings.offline() == IntrospectionSettings.OfflinePolicy.FAIL_CLOSED ? "refused with 503 / 101503"
                                : "refused with 401 / 900901", settings.offline().yaml);
            }
        }
    }

    int cached() {
        return cache.size();
    }
}
