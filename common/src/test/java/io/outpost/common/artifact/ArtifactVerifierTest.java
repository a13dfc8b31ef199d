package io.outpost.common.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import io.outpost.common.signing.Ed25519Key;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("arm") // arm-test/run.sh: runs on aarch64 HotSpot under qemu-user too
class ArtifactVerifierTest {
    private final Ed25519Key publisher = Ed25519Key.generate();
    private final TrustPolicy trust = TrustPolicy.of(List.of(publisher), false);
    private final Map<String, byte[]> contents = new TreeMap<>(Map.of(
            "project.json", "{\"name\":\"p\",\"version\":\"1\",\"formatVersion\":1}".getBytes(StandardCharsets.UTF_8),
            "apis/a.json", "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8),
            "interceptors/x.jar", new byte[] {1, 2, 3, 4, 5}));
    private final byte[] artifact = ArtifactWriter.write(contents, publisher);

    private ArtifactException refused(byte[] file) {
        return assertThrows(ArtifactException.class, () -> ArtifactVerifier.verify(ByteBuffer.wrap(file), trust));
    }

    @Test
    void acceptsTheWrittenArtifactAndExposesItsEntries() throws Exception {
        VerifiedArtifact v = ArtifactVerifier.verify(ByteBuffer.wrap(artifact), trust);
        assertEquals(publisher.thumbprint(), v.signerKid());
        assertTrue(v.signerTrusted());
        assertArrayEquals(contents.get("apis/a.json"), v.bytes("apis/a.json"));
        assertEquals(contents.keySet(), new java.util.TreeSet<>(v.entries().keySet()));
    }

    @Test
    void isAPlainZipThatStandardToolsRead() throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(artifact))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("manifest.json", "manifest.jws", "apis/a.json", "interceptors/x.jar", "project.json"), names);
    }

    @Test
    void sameInputsAndKeyGiveIdenticalBytes() {
        assertArrayEquals(artifact, ArtifactWriter.write(new TreeMap<>(contents), publisher));
    }

    /** Flipping any single byte anywhere in the file, in any region, is refused. */
    @Test
    void everySingleByteChangeIsRefused() {
        for (int i = 0; i < artifact.length; i++) {
            byte[] tampered = artifact.clone();
            tampered[i] ^= 0x01;
            final int at = i;
            assertThrows(ArtifactException.class, () -> ArtifactVerifier.verify(ByteBuffer.wrap(tampered), trust),
                    "byte " + at + " of " + artifact.length + " was changed but accepted");
        }
    }

    @Test
    void trailingAndLeadingBytesAreRefused() {
        byte[] trailing = Arrays.copyOf(artifact, artifact.length + 1);
        assertTrue(refused(trailing).getMessage().contains("trailing"));
        byte[] leading = new byte[artifact.length + 4];
        System.arraycopy(artifact, 0, leading, 4, artifact.length);
        refused(leading);
        refused(Arrays.copyOf(artifact, artifact.length - 1));
    }

    @Test
    void extraFieldsAndCompressionAreRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries(artifact)) {
                ZipEntry z = new ZipEntry(e.name());
                z.setExtra(new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 0});
                zip.putNextEntry(z);
                zip.write(e.bytes());
                zip.closeEntry();
            }
        }
        refused(out.toByteArray());
    }

    @Test
    void duplicateUnlistedAndMissingEntriesAreRefused() throws Exception {
        List<CanonicalZip.Entry> base = entries(artifact);
        List<CanonicalZip.Entry> duplicate = new ArrayList<>(base);
        duplicate.add(CanonicalZip.Entry.of("project.json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused(CanonicalZip.encode(duplicate)).getMessage().contains("duplicate"));

        List<CanonicalZip.Entry> unlisted = new ArrayList<>(base);
        unlisted.add(CanonicalZip.Entry.of("zzz.json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused(CanonicalZip.encode(unlisted)).getMessage().contains("not listed"));

        List<CanonicalZip.Entry> missing = new ArrayList<>(base);
        missing.removeIf(e -> e.name().equals("apis/a.json"));
        assertTrue(refused(CanonicalZip.encode(missing)).getMessage().contains("missing"));

        List<CanonicalZip.Entry> unsigned = new ArrayList<>(base);
        unsigned.removeIf(e -> e.name().equals(Manifest.JWS));
        assertTrue(refused(CanonicalZip.encode(unsigned)).getMessage().contains("unsigned"));

        List<CanonicalZip.Entry> traversal = new ArrayList<>(base);
        traversal.add(CanonicalZip.Entry.of("../evil", new byte[0]));
        refused(CanonicalZip.encode(traversal));
    }

    @Test
    void untrustedSignerIsRefusedUnlessDevButDigestsStillCount() throws Exception {
        Ed25519Key other = Ed25519Key.generate();
        byte[] foreign = ArtifactWriter.write(contents, other);
        ArtifactException e = refused(foreign);
        assertTrue(e.getMessage().contains(other.thumbprint()), e.getMessage());
        assertTrue(e.getMessage().contains("--dev"));

        TrustPolicy dev = TrustPolicy.of(List.of(publisher), true);
        VerifiedArtifact v = ArtifactVerifier.verify(ByteBuffer.wrap(foreign), dev);
        assertFalse(v.signerTrusted());

        List<CanonicalZip.Entry> altered = new ArrayList<>(entries(foreign));
        altered.replaceAll(en -> en.name().equals("apis/a.json") ? CanonicalZip.Entry.of(en.name(), "{}".getBytes()) : en);
        assertThrows(ArtifactException.class, () -> ArtifactVerifier.verify(ByteBuffer.wrap(CanonicalZip.encode(altered)), dev));
    }

    @Test
    void otherAlgorithmsAndEmbeddedKeysCannotStandInForATrustedKey() throws Exception {
        List<CanonicalZip.Entry> base = entries(artifact);
        byte[] manifest = base.get(0).bytes();
        // HMAC "signed" with the public key bytes: classic key confusion.
        JWSObject hs = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publisher.thumbprint()).build(),
                new Payload(manifest));
        hs.sign(new MACSigner(publisher.jwk().getX().decode().length >= 32 ? Arrays.copyOf(publisher.jwk().getX().decode(), 32) : new byte[32]));
        assertTrue(refused(withJws(base, hs.serialize(true))).getMessage().contains("only EdDSA"));
        // alg none
        String none = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "..";
        refused(withJws(base, none));
        // An attacker's key embedded in the header under the trusted kid.
        Ed25519Key attacker = Ed25519Key.generate();
        JWSObject forged = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(publisher.thumbprint())
                .jwk(attacker.publicKey().jwk()).build(), new Payload(manifest));
        forged.sign(attacker.signer());
        assertTrue(refused(withJws(base, forged.serialize(true))).getMessage().contains("does not verify"));
    }

    private static byte[] withJws(List<CanonicalZip.Entry> base, String jws) {
        List<CanonicalZip.Entry> out = new ArrayList<>(base);
        out.set(1, CanonicalZip.Entry.of(Manifest.JWS, jws.getBytes(StandardCharsets.US_ASCII)));
        return CanonicalZip.encode(out);
    }

    private static List<CanonicalZip.Entry> entries(byte[] file) throws ArtifactException {
        return CanonicalZip.decode(ByteBuffer.wrap(file));
    }
}
