package io.outpost.gateway.security.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.credentials.Argon2idHash;
import io.outpost.common.credentials.PasswordHash;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The basic-auth check with real hashes on its real pool: what it answers on the calling thread
 * (malformed pairs, cache hits) and what it defers (every hash), the pool's bound, one hash shared
 * by identical requests, the cache's expiry and the unknown user's dummy hash.
 */
class BasicAuthCheckTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ApiRef API = new ApiRef("PizzaShack", "1.0.0", "/pizzashack/1.0.0");
    private static final PasswordHash ALICE = Argon2idHash.create(utf8("alice-pw"), 1024, 1, 1, RANDOM);

    private final AtomicLong nanos = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseThePool() {
        release.countDown();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String basic(String pair) {
        return Base64.getEncoder().encodeToString(utf8(pair));
    }

    private BasicAuthCheck check(HashPool pool, BasicUser... users) {
        return new BasicAuthCheck(List.of(users), pool, new VerifiedPairs(60, users.length, nanos::get));
    }

    private BasicAuthCheck check(BasicUser... users) {
        return check(new HashPool(1, 8), users);
    }

    private static BasicUser alice() {
        return new BasicUser("alice", ALICE, List.of("read"));
    }

    private static Check answer(Check check) {
        CompletableFuture<Check> later = assertInstanceOf(Check.Deferred.class, check).later().toCompletableFuture();
        Check answer = later.orTimeout(10, TimeUnit.SECONDS).join();
        assertFalse(answer instanceof Check.Deferred, "a deferred answer is never deferred again");
        return answer;
    }

    private static void assertRefused(Faults.Fault expected, Check check) {
        Faults.Fault fault = assertInstanceOf(Check.Refused.class, check).fault();
        assertEquals(expected.code(), fault.code());
        assertEquals(expected.status(), fault.status());
    }

    /** Occupies the pool's one thread until the test ends. */
    private void block(HashPool pool) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
    }

    @Test
    void malformedPairsAreRefusedAtOnceWith900912() {
        CredentialCheck check = check(alice());
        for (String bad : new String[] {"not base64!", "YWxpY2U", basic("alice"), basic("alice:"), basic(""), "=",
                "A".repeat(9000)}) {
            assertRefused(Faults.malformedBasicCredentials(), check.check(bad, API));
        }
        Check.Refused refused = (Check.Refused) check.check(basic("alice"), API);
        assertEquals("Basic realm=\"outpost\"", refused.fault().challenge());
    }

    @Test
    void theHashRunsOnAHashThreadNeverTheCallers() throws InterruptedException {
        HashPool pool = new HashPool(1, 8);
        BasicAuthCheck check = check(pool, alice());
        block(pool);
        Check answer = check.check(basic("alice:alice-pw"), API);
        CompletableFuture<Check> later = assertInstanceOf(Check.Deferred.class, answer).later().toCompletableFuture();
        assertFalse(later.isDone(), "returned before any hash ran: the hash is not the caller's work");
        AtomicReference<String> completedOn = new AtomicReference<>();
        CompletableFuture<Check> observed = later.whenComplete((c, e) -> completedOn.set(Thread.currentThread().getName()));
        release.countDown();
        Check.Accepted accepted = assertInstanceOf(Check.Accepted.class, observed.orTimeout(10, TimeUnit.SECONDS).join());
        assertTrue(completedOn.get().startsWith("outpost-hash-"), completedOn.get());
        assertEquals("alice", accepted.identity().subject());
        assertEquals(List.of("read"), accepted.identity().scopes());
        assertEquals("PRODUCTION", accepted.identity().keyType());
        assertNull(accepted.identity().applicationId(), "basic auth has no application");
    }

    @Test
    void aVerifiedPairIsAnsweredAtOnceUntilItsCacheTimeEnds() {
        BasicAuthCheck check = check(alice());
        String credential = basic("alice:alice-pw");
        Check first = answer(check.check(credential, API));
        Check second = check.check(credential, API);
        Check.Accepted hit = assertInstanceOf(Check.Accepted.class, second, "a cache hit is answered on the calling thread");
        assertSame(((Check.Accepted) first).identity(), hit.identity());

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertInstanceOf(Check.Accepted.class, check.check(credential, API));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertInstanceOf(Check.Accepted.class, answer(check.check(credential, API)), "expired: hashed again");
    }

    @Test
    void wrongPasswordsAndUnknownUsersAre900911AndNeverCached() {
        BasicAuthCheck check = check(alice(), new BasicUser("admin", PasswordHash.parse("d033e22ae348aeb5660fc2140aec35850c4da997"),
                List.of()));
        for (String pair : new String[] {"alice:alice-pW", "alice:alice-pw ", "Alice:alice-pw", "mallory:alice-pw",
                ":alice-pw", "admin:Admin"}) {
            assertRefused(Faults.invalidBasicCredentials(), answer(check.check(basic(pair), API)));
            assertInstanceOf(Check.Deferred.class, check.check(basic(pair), API), pair + ": a refusal is not cached");
        }
        assertEquals("admin", ((Check.Accepted) answer(check.check(basic("admin:admin"), API))).identity().subject());
        // a password may hold ':' (only the user name may not), and UTF-8
        BasicAuthCheck utf = check(new BasicUser("jörg", Argon2idHash.create(utf8("pä:ss"), 1024, 1, 1, RANDOM), List.of()));
        assertInstanceOf(Check.Accepted.class, answer(utf.check(basic("jörg:pä:ss"), API)));
    }

    @Test
    void identicalRequestsShareOneHash() throws InterruptedException {
        HashPool pool = new HashPool(1, 8);
        BasicAuthCheck check = check(pool, alice());
        block(pool);
        Check.Deferred a = (Check.Deferred) check.check(basic("alice:alice-pw"), API);
        Check.Deferred b = (Check.Deferred) check.check(basic("alice:alice-pw"), API);
        Check.Deferred other = (Check.Deferred) check.check(basic("alice:wrong"), API);
        assertSame(a.later(), b.later());
        assertFalse(a.later() == other.later());
        release.countDown();
        assertInstanceOf(Check.Accepted.class, answer(a));
        assertRefused(Faults.invalidBasicCredentials(), answer(other));
    }

    @Test
    void aFullPoolRefusesWith503InsteadOfQueueingMore() throws InterruptedException {
        HashPool pool = new HashPool(1, 2);
        BasicAuthCheck check = check(pool, alice());
        block(pool);
        List<Check> queued = new ArrayList<>();
        queued.add(check.check(basic("alice:one"), API));
        queued.add(check.check(basic("alice:two"), API));
        Check refused = check.check(basic("alice:alice-pw"), API);
        assertSame(BasicAuthCheck.BUSY, refused);
        assertRefused(Faults.decisionTimeout(), refused);
        assertEquals(503, ((Check.Refused) refused).fault().status().code());
        release.countDown();
        for (Check q : queued) {
            assertRefused(Faults.invalidBasicCredentials(), answer(q));
        }
        // room again: the pair refused for want of room is checked now, and not remembered as refused
        assertInstanceOf(Check.Accepted.class, answer(check.check(basic("alice:alice-pw"), API)));
    }

    /**
     * An unknown user is checked against the costliest configured hash (bob's Argon2id, not the
     * legacy SHA-1), so a user name's existence does not show in the time of a refusal. Asserted on
     * the hash chosen, not on times: a timed assertion fails on a loaded machine.
     */
    @Test
    void anUnknownUserCostsTheCostliestHash() {
        PasswordHash slow = Argon2idHash.create(utf8("pw"), Argon2idHash.DEFAULT_MEMORY_KIB, Argon2idHash.DEFAULT_ITERATIONS,
                Argon2idHash.DEFAULT_PARALLELISM, RANDOM);
        BasicAuthCheck check = check(new BasicUser("legacy", PasswordHash.parse("d033e22ae348aeb5660fc2140aec35850c4da997"),
                List.of()), new BasicUser("bob", slow, List.of()));
        assertSame(slow, check.dummy());
        assertRefused(Faults.invalidBasicCredentials(), answer(check.check(basic("nobody:nope"), API)));
    }

    @Test
    void withNoUsersEveryWellFormedPairIsWrong() {
        CredentialCheck check = BasicChecks.basic(BasicSettings.DEFAULT);
        assertRefused(Faults.invalidBasicCredentials(), check.check(basic("alice:alice-pw"), API));
        assertRefused(Faults.malformedBasicCredentials(), check.check(basic("alice"), API));
    }

    @Test
    void theFactoryBuildsFromSettings() {
        BasicSettings settings = new BasicSettings(List.of(alice()), Map.of(), 60, 1, 4, List.of());
        CredentialCheck check = BasicChecks.basic(settings);
        assertInstanceOf(Check.Accepted.class, answer(check.check(basic("alice:alice-pw"), API)));
        assertInstanceOf(Check.Accepted.class, check.check(basic("alice:alice-pw"), API));
    }
}
