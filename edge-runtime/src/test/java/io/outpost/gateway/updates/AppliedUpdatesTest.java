package io.outpost.gateway.updates;

import static io.outpost.gateway.updates.Bundles.token;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway applies from its state directory, and when it tells the generation builder. */
class AppliedUpdatesTest {
    @TempDir
    Path state;

    @Test
    void loadReadsWhatWasAppliedBeforeARestartAndWatchReportsEachNewBundleOnce() throws Exception {
        Bundles bundles = new Bundles(state);
        bundles.install("revocations", 3, "[{'jti': 'j1', 'expiresAt': 4000000000}]");
        AtomicInteger changes = new AtomicInteger();
        try (AppliedUpdates updates = new AppliedUpdates(bundles.store(), bundles.publicKey()).load()) {
            assertEquals(3, updates.snapshot().get("revocations").sequence());
            assertEquals("j1", updates.contents().revocations().get(0).value());
            assertNull(updates.contents().keys());
            assertEquals(0, updates.contents().opaqueTokens().size());

            updates.watch(50, changes::incrementAndGet);
            bundles.install("opaque-tokens", 1, "[" + token("t", "alice", "Pets", 4000000000L) + "]");
            bundles.install("revocations", 4, "[]");
            await().atMost(Duration.ofSeconds(10)).until(() -> updates.snapshot().get("revocations").sequence() == 4
                    && updates.snapshot().get("opaque-tokens").sequence() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() >= 1);
            assertEquals(0, updates.contents().revocations().size(), "a bundle is a full snapshot: j1 is gone");
            assertEquals("alice", updates.contents().opaqueTokens().get(0).subject());
            int seen = changes.get();
            // More polls with nothing new: no more generations.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> changes.get() == seen);
        }
    }

    @Test
    void aSignedBundleWithBadContentIsRefusedAndTheAppliedOneStays() throws Exception {
        Bundles bundles = new Bundles(state);
        bundles.install("revocations", 1, "[{'jti': 'j1', 'expiresAt': 4000000000}]");
        AtomicInteger changes = new AtomicInteger();
        try (AppliedUpdates updates = new AppliedUpdates(bundles.store(), bundles.publicKey()).load().watch(50, changes::incrementAndGet)) {
            bundles.install("revocations", 2, "{'revokedJtis': ['a1']}");
            await().atMost(Duration.ofSeconds(10)).until(() -> updates.snapshot().get("revocations").lastRejection() != null);
            String why = updates.snapshot().get("revocations").lastRejection();
            assertTrue(why.contains("revocations content: (content): must be a list"), why);
            assertEquals(1, updates.snapshot().get("revocations").sequence());
            assertEquals("j1", updates.contents().revocations().get(0).value());
            assertEquals(0, changes.get(), "nothing new took effect");
        }
    }

    @Test
    void aBundleTooLargeForTheHeapIsRefusedBeforeItIsRead() throws Exception {
        Bundles bundles = new Bundles(state);
        bundles.install("revocations", 1, "[{'jti': 'j1', 'expiresAt': 4000000000}]");
        long bound = bundles.store().path("revocations").toFile().length() + 10;
        try (AppliedUpdates updates = new AppliedUpdates(bundles.store(), bundles.publicKey(), bound).load().watch(50, () -> { })) {
            bundles.install("revocations", 2, "[{'jti': 'j1', 'expiresAt': 4000000000}, {'jti': 'j2', 'expiresAt': 4000000000}]");
            await().atMost(Duration.ofSeconds(10)).until(() -> updates.snapshot().get("revocations").lastRejection() != null);
            String why = updates.snapshot().get("revocations").lastRejection();
            assertTrue(why.contains("this gateway applies bundles of up to " + bound + " bytes"), why);
            assertEquals(1, updates.snapshot().get("revocations").sequence());
        }
    }
}
