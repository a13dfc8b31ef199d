package io.outpost.common.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleStoreTest {
    private final Ed25519Key signer = Ed25519Key.generate();
    private final Ed25519Key trusted = signer.publicKey();
    @TempDir
    Path state;

    private byte[] bundle(String type, long sequence) {
        return UpdateBundles.sign(new UpdateBundle(type, sequence, Instant.parse("2026-02-01T00:00:00Z"),
                Json.mapper().valueToTree(Map.of("seq", sequence))), signer);
    }

    @Test
    void installsIntoTheStateDirectoryAsReceived() throws Exception {
        BundleStore store = new BundleStore(state);
        assertTrue(store.readVerified(UpdateBundle.KEYS, trusted).isEmpty());
        byte[] jws = bundle(UpdateBundle.KEYS, 1);
        BundleStore.Installed r = store.install(jws, trusted);
        assertEquals(BundleStore.Outcome.INSTALLED, r.outcome());
        assertEquals(0, r.previousSequence());
        assertArrayEquals(jws, Files.readAllBytes(state.resolve("updates/keys.jws")));
        assertEquals(1, store.readVerified(UpdateBundle.KEYS, trusted).orElseThrow().sequence());
        // Types are independent.
        assertTrue(store.current(UpdateBundle.REVOCATIONS, trusted).isEmpty());
        // No temp files left behind.
        assertEquals(List.of(".lock", "keys.jws"), Files.list(store.directory()).map(p -> p.getFileName().toString()).sorted().toList());
    }

    @Test
    void newerReplacesOlderAndSameBytesAreIdempotent() throws Exception {
        BundleStore store = new BundleStore(state);
        store.install(bundle(UpdateBundle.REVOCATIONS, 1), trusted);
        byte[] second = bundle(UpdateBundle.REVOCATIONS, 5);
        assertEquals(1, store.install(second, trusted).previousSequence());
        assertEquals(BundleStore.Outcome.ALREADY_CURRENT, store.install(second, trusted).outcome());
        assertEquals(5, store.current(UpdateBundle.REVOCATIONS, trusted).orElseThrow().sequence());
    }

    @Test
    void refusesRollbackAndKeepsTheInstalledOne() throws Exception {
        BundleStore store = new BundleStore(state);
        byte[] installed = bundle(UpdateBundle.OPAQUE_TOKENS, 10);
        store.install(installed, trusted);
        for (long older : new long[] {9, 1, 10}) { // 10: same sequence, other bytes (issuedAt differs)
            byte[] candidate = older == 10
                    ? UpdateBundles.sign(new UpdateBundle(UpdateBundle.OPAQUE_TOKENS, 10, Instant.now(), Json.mapper().createObjectNode()), signer)
                    : bundle(UpdateBundle.OPAQUE_TOKENS, older);
            BundleException e = assertThrows(BundleException.class, () -> store.install(candidate, trusted));
            assertEquals(BundleException.Reason.ROLLBACK, e.reason());
            assertTrue(e.getMessage().contains("installed sequence 10"), e.getMessage());
            assertArrayEquals(installed, Files.readAllBytes(store.path(UpdateBundle.OPAQUE_TOKENS)));
        }
    }

    @Test
    void refusesTamperedAndForeignBundlesAndKeepsTheInstalledOne() throws Exception {
        BundleStore store = new BundleStore(state);
        byte[] installed = bundle(UpdateBundle.KEYS, 2);
        store.install(installed, trusted);
        byte[] tampered = bundle(UpdateBundle.KEYS, 3);
        tampered[tampered.length / 2] ^= 0x01;
        assertThrows(BundleException.class, () -> store.install(tampered, trusted));
        byte[] foreign = UpdateBundles.sign(new UpdateBundle(UpdateBundle.KEYS, 4, Instant.now(), Json.mapper().createObjectNode()),
                Ed25519Key.generate());
        assertEquals(BundleException.Reason.WRONG_KEY, assertThrows(BundleException.class, () -> store.install(foreign, trusted)).reason());
        assertArrayEquals(installed, Files.readAllBytes(store.path(UpdateBundle.KEYS)));
    }

    @Test
    void readVerifiedRefusesAFileAlteredOnDiskAndOneStoredUnderTheWrongName() throws Exception {
        BundleStore store = new BundleStore(state);
        byte[] jws = bundle(UpdateBundle.KEYS, 2);
        store.install(jws, trusted);
        byte[] altered = jws.clone();
        altered[altered.length - 3] ^= 0x01;
        Files.write(store.path(UpdateBundle.KEYS), altered);
        BundleException e = assertThrows(BundleException.class, () -> store.readVerified(UpdateBundle.KEYS, trusted));
        assertTrue(e.getMessage().startsWith(store.path(UpdateBundle.KEYS).toString()), e.getMessage());

        Files.write(store.path(UpdateBundle.REVOCATIONS), jws);
        assertEquals(BundleException.Reason.MALFORMED,
                assertThrows(BundleException.class, () -> store.readVerified(UpdateBundle.REVOCATIONS, trusted)).reason());
    }

    @Test
    void aFileThatNoLongerVerifiesStillSetsTheFloorButATornOneDoesNot() throws Exception {
        BundleStore store = new BundleStore(state);
        Ed25519Key oldSigner = Ed25519Key.generate();
        Files.createDirectories(store.directory());
        Files.write(store.path(UpdateBundle.KEYS), UpdateBundles.sign(
                new UpdateBundle(UpdateBundle.KEYS, 8, Instant.now(), Json.mapper().createObjectNode()), oldSigner));
        assertEquals(BundleException.Reason.ROLLBACK,
                assertThrows(BundleException.class, () -> store.install(bundle(UpdateBundle.KEYS, 8), trusted)).reason());
        assertEquals(8, store.install(bundle(UpdateBundle.KEYS, 9), trusted).previousSequence());

        Files.write(store.path(UpdateBundle.REVOCATIONS), "eyJhbGciOi".getBytes());
        assertEquals(BundleStore.Outcome.INSTALLED, store.install(bundle(UpdateBundle.REVOCATIONS, 1), trusted).outcome());
        assertFalse(Files.readString(store.path(UpdateBundle.REVOCATIONS)).startsWith("eyJhbGciOi\n"));
    }
}
