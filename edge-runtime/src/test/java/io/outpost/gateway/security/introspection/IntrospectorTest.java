package io.outpost.gateway.security.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.Revocations;
import io.outpost.gateway.security.introspection.IntrospectionSettings.OfflinePolicy;
import io.outpost.testing.TestCa;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Introspection against a real key manager endpoint on a loopback port (HTTPS with a CA made here,
 * or HTTP): what it answers, what is cached and for how long (counted in calls the key manager
 * received), calls shared, and the offline policy when it is down or slow.
 */
class IntrospectorTest {
    static final ApiRef PETS = new ApiRef("Pets", "1.0.0", "/pets");
    /** The offline table: knows "table-token" only. */
    static final CredentialCheck TABLE = (token, api) -> token.equals("table-token")
            ? new Check.Accepted(new Identity("from-table", null, null, null, null, "PRODUCTION", List.of(), Map.of()))
            : new Check.Refused(Faults.invalidCredentials());

    static IntrospectionSettings settings(URI endpoint, List<X509Certificate> trusted, int timeoutMillis, int cacheSeconds,
                                          int negativeSeconds, OfflinePolicy offline) {
        return new IntrospectionSettings(endpoint, TestKeyManager.CLIENT_ID, TestKeyManager.CLIENT_SECRET, trusted, timeoutMillis,
                cacheSeconds, negativeSeconds, 100, 8, offline);
    }

    static IntrospectionSettings settings(TestKeyManager km) {
        return settings(km.endpoint(), List.of(), 2000, 60, 10, OfflinePolicy.FAIL_CLOSED);
    }

    static Check resolve(Check check) throws Exception {
        if (check instanceof Check.Deferred deferred) {
            Check later = deferred.later().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(!(later instanceof Check.Deferred), "a deferred check never completes with another");
            return later;
        }
        return check;
    }

    static Check check(CredentialCheck check, String token) throws Exception {
        return resolve(check.check(token, PETS));
    }

    static void assertRefused(Check check, int status, int code) {
        Faults.Fault fault = assertInstanceOf(Check.Refused.class, check).fault();
        assertEquals(status, fault.status().code(), fault.toString());
        assertEquals(code, fault.code(), fault.toString());
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static CredentialCheck introspecting(IntrospectionSettings settings) {
        return Introspection.after(TABLE, new Introspector(settings), Revocations.NONE, ClockFloor.system());
    }

    @Test
    void anActiveTokenGivesItsIdentityOverHttpsWithTheConfiguredCa(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.create(dir);
        try (TestKeyManager km = TestKeyManager.https(ca)) {
            km.active("opaque-alice", """
                    {"active": true, "sub": "alice", "client_id": "shop-app", "scope": "read write", "exp": %d,
                     "aud": ["https://pets.example"], "token_type": "Bearer", "application": {"name": "Shop", "tier": "Gold"}}"""
                    .formatted(now() + 600));
            km.active("opaque-sandbox", "{\"active\": true, \"username\": \"sam@carbon.super\", \"client_id\": \"lab\","
                    + " \"scope\": [\"read\"], \"keytype\": \"SANDBOX\"}");
            CredentialCheck check = introspecting(settings(km.endpoint(), List.of(ca.certificate()), 2000, 60, 10,
                    OfflinePolicy.FAIL_CLOSED));

            Check first = check.check("opaque-alice", PETS);
            assertInstanceOf(Check.Deferred.class, first, "a miss is answered off the event loop");
            Identity alice = assertInstanceOf(Check.Accepted.class, resolve(first)).identity();
            assertEquals("alice", alice.subject());
            assertEquals("shop-app", alice.applicationId(), "the client id is the application");
            assertEquals("Shop", alice.applicationName());
            assertEquals("Gold", alice.applicationTier());
            assertEquals("PRODUCTION", alice.keyType());
            assertEquals(List.of("read", "write"), alice.scopes());
            assertEquals("shop-app", alice.claims().get("client_id"));
            assertEquals(List.of("https://pets.example"), alice.claims().get("aud"));

            Identity sam = assertInstanceOf(Check.Accepted.class, check(check, "opaque-sandbox")).identity();
            assertEquals("sam@carbon.super", sam.subject(), "WSO2's username when there is no sub");
            assertEquals("SANDBOX", sam.keyType());
            assertEquals(List.of("read"), sam.scopes());
            assertEquals(2, km.calls.get());
            assertEquals(List.of(), km.problems, "POST, form-encoded, token_type_hint, client credentials in Basic");
        }
    }

    @Test
    void aKeyManagerTheGatewayDoesNotTrustIsUnavailable(@TempDir Path dir) throws Exception {
        try (TestKeyManager km = TestKeyManager.https(TestCa.create(dir))) {
            km.active("opaque-alice", "{\"active\": true, \"sub\": \"alice\"}");
            // No trustedCertificates: the JVM's trust store, which does not know the test CA.
            assertRefused(check(introspecting(settings(km)), "opaque-alice"), 503, 101503);
            assertEquals(0, km.calls.get(), "the handshake failed before any request");
        }
    }

    @Test
    void anInactiveTokenIsInvalidAndItsAnswerIsKeptBriefly() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            CredentialCheck check = introspecting(settings(km.endpoint(), List.of(), 2000, 60, 1, OfflinePolicy.FAIL_CLOSED));
            assertRefused(check(check, "opaque-nobody"), 401, 900901);
            Check again = check.check("opaque-nobody", PETS);
            assertRefused(again, 401, 900901); // at once, on the calling thread: no Deferred
            assertEquals(1, km.calls.get(), "the negative answer was cached");
            // negativeCacheSeconds: 1, then the key manager is asked again.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                    check.check("opaque-nobody", PETS) instanceof Check.Deferred);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> km.calls.get() == 2);
        }
    }

    @Test
    void anActiveAnswerIsCachedAndAHitIsAnsweredAtOnce() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            km.active("opaque-alice", "{\"active\": true, \"sub\": \"alice\", \"scope\": \"read\"}");
            CredentialCheck check = introspecting(settings(km));
            assertInstanceOf(Check.Accepted.class, check(check, "opaque-alice"));
            for (int i = 0; i < 5; i++) {
                Check hit = check.check("opaque-alice", PETS);
                assertEquals("alice", assertInstanceOf(Check.Accepted.class, hit, "a hit is synchronous").identity().subject());
            }
            assertEquals(1, km.calls.get(), "one call for six uses");
        }
    }

    @Test
    void theTableIsAskedFirstAndItsOtherRefusalsStand() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            CredentialCheck table = (token, api) -> token.equals("table-token")
                    ? TABLE.check(token, api) : token.equals("not-subscribed")
                    ? new Check.Refused(Faults.notSubscribed()) : new Check.Refused(Faults.invalidCredentials());
            CredentialCheck check = Introspection.after(table, new Introspector(settings(km)), Revocations.NONE, ClockFloor.system());
            assertEquals("from-table", assertInstanceOf(Check.Accepted.class, check.check("table-token", PETS)).identity().subject());
            assertRefused(check.check("not-subscribed", PETS), 403, 900908);
            assertEquals(0, km.calls.get(), "a token the table decides is never sent anywhere");
        }
    }

    @Test
    void identicalTokensUnderWayShareOneCall() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            km.active("opaque-alice", "{\"active\": true, \"sub\": \"alice\"}");
            km.hold = new CountDownLatch(1);
            CredentialCheck check = introspecting(settings(km));
            Check.Deferred[] waiting = new Check.Deferred[4];
            for (int i = 0; i < waiting.length; i++) {
                waiting[i] = assertInstanceOf(Check.Deferred.class, check.check("opaque-alice", PETS));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> km.calls.get() == 1);
            km.hold.countDown();
            for (Check.Deferred d : waiting) {
                assertInstanceOf(Check.Accepted.class, resolve(d));
            }
            assertEquals(1, km.calls.get(), "four requests, one call");
        }
    }

    @Test
    void aKeyManagerThatIsDownGetsTheOfflinePolicy() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/oauth2/introspect");
        } // closed now: connections are refused
        long started = System.nanoTime();
        assertRefused(check(introspecting(settings(closed, List.of(), 2000, 60, 10, OfflinePolicy.FAIL_CLOSED)), "opaque-x"),
                503, 101503);
        assertRefused(check(introspecting(settings(closed, List.of(), 2000, 60, 10, OfflinePolicy.TABLE_ONLY)), "opaque-x"),
                401, 900901);
        System.out.printf("key manager down: two refusals in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        CredentialCheck tableOnly = introspecting(settings(closed, List.of(), 2000, 60, 10, OfflinePolicy.TABLE_ONLY));
        assertInstanceOf(Check.Accepted.class, tableOnly.check("table-token", PETS), "the table still answers");
    }

    @Test
    void aSlowKeyManagerTimesOutIntoTheOfflinePolicyAndIsNotCached() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            km.active("opaque-alice", "{\"active\": true, \"sub\": \"alice\"}");
            km.delayMillis = 3000;
            CredentialCheck check = introspecting(settings(km.endpoint(), List.of(), 300, 60, 10, OfflinePolicy.FAIL_CLOSED));
            long started = System.nanoTime();
            assertRefused(check(check, "opaque-alice"), 503, 101503);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("timeoutMillis 300: refused after %d ms%n", tookMs);
            assertTrue(tookMs >= 290 && tookMs < 2500, "took " + tookMs + " ms");
            km.delayMillis = 0;
            assertInstanceOf(Check.Accepted.class, check(check, "opaque-alice"), "a failure is not remembered");
        }
    }

    @Test
    void expIsHonouredByTheCacheAndOnEveryUse() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            km.active("opaque-expired", "{\"active\": true, \"sub\": \"old\", \"exp\": %d}".formatted(now() - 5));
            km.active("opaque-short", "{\"active\": true, \"sub\": \"brief\", \"exp\": %d}".formatted(now() + 2));
            CredentialCheck check = introspecting(settings(km));
            assertRefused(check(check, "opaque-expired"), 401, 900901); // the key manager's clock is not ours: exp is judged here
            assertInstanceOf(Check.Accepted.class, check(check, "opaque-short"));
            assertInstanceOf(Check.Accepted.class, check.check("opaque-short", PETS), "cached");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(6)).until(() -> {
                Check c = check(check, "opaque-short");
                return c instanceof Check.Refused;
            });
            assertRefused(check(check, "opaque-short"), 401, 900901);
        }
    }

    @Test
    void revocationsApplyToIntrospectedSubjectsClientsAndTokenIds() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            km.active("t-bob", "{\"active\": true, \"sub\": \"bob\", \"client_id\": \"c1\"}");
            km.active("t-carol", "{\"active\": true, \"sub\": \"carol\", \"client_id\": \"bad-client\"}");
            km.active("t-dan", "{\"active\": true, \"sub\": \"dan\", \"client_id\": \"c1\", \"jti\": \"j-9\"}");
            km.active("t-erin", "{\"active\": true, \"sub\": \"erin\", \"client_id\": \"c1\"}");
            Revocations revoked = (jti, subject, clientId, now) -> "bob".equals(subject) || "bad-client".equals(clientId)
                    || "j-9".equals(jti);
            CredentialCheck check = Introspection.after(TABLE, new Introspector(settings(km)), revoked, ClockFloor.system());
            assertRefused(check(check, "t-bob"), 401, 900901);
            assertRefused(check(check, "t-carol"), 401, 900901);
            assertRefused(check(check, "t-dan"), 401, 900901);
            assertInstanceOf(Check.Accepted.class, check(check, "t-erin"));
            assertRefused(check.check("t-bob", PETS), 401, 900901); // a cached answer meets the revocations too
        }
    }

    @Test
    void wrongClientCredentialsOrAGarbledAnswerAreUnavailableNotInactive() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            km.active("opaque-garbled", "{\"activ\": true}");
            CredentialCheck check = introspecting(settings(km));
            assertRefused(check(check, "opaque-garbled"), 503, 101503);
            CredentialCheck wrongSecret = Introspection.after(TABLE, new Introspector(new IntrospectionSettings(km.endpoint(),
                    TestKeyManager.CLIENT_ID, "wrong", List.of(), 2000, 60, 10, 100, 8, OfflinePolicy.FAIL_CLOSED)),
                    Revocations.NONE, ClockFloor.system());
            assertRefused(check(wrongSecret, "opaque-anything"), 503, 101503);
            assertEquals(2, km.calls.get());
        }
    }

    @Test
    void callsPastMaxConcurrentGetTheOfflinePolicyAtOnce() throws Exception {
        try (TestKeyManager km = TestKeyManager.http()) {
            km.hold = new CountDownLatch(1);
            CredentialCheck check = introspecting(new IntrospectionSettings(km.endpoint(), TestKeyManager.CLIENT_ID,
                    TestKeyManager.CLIENT_SECRET, List.of(), 5000, 60, 10, 100, 2, OfflinePolicy.FAIL_CLOSED));
            Check a = check.check("t-1", PETS);
            Check b = check.check("t-2", PETS);
            assertInstanceOf(Check.Deferred.class, a);
            assertInstanceOf(Check.Deferred.class, b);
            assertRefused(check.check("t-3", PETS), 503, 101503);
            km.hold.countDown();
            assertRefused(resolve(a), 401, 900901);
            assertRefused(resolve(b), 401, 900901);
            assertNotNull(check.check("t-3", PETS));
        }
    }
}
