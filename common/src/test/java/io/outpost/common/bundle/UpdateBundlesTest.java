package io.outpost.common.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.MACSigner;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("arm") // arm-test/run.sh: runs on aarch64 HotSpot under qemu-user too
class UpdateBundlesTest {
    private final Ed25519Key signer = Ed25519Key.generate();
    private final Ed25519Key trusted = signer.publicKey();
    private final JsonNode content = Json.mapper().valueToTree(java.util.Map.of("revoked", java.util.List.of("jti-1", "jti-2")));
    private final UpdateBundle bundle = new UpdateBundle(UpdateBundle.REVOCATIONS, 7, Instant.parse("2026-03-01T10:00:00Z"), content);

    private BundleException refused(byte[] jws) {
        return assertThrows(BundleException.class, () -> UpdateBundles.verify(jws, trusted));
    }

    @Test
    void roundTripsEveryType() throws Exception {
        for (String type : UpdateBundle.TYPES) {
            UpdateBundle b = new UpdateBundle(type, 3, Instant.parse("2026-01-02T03:04:05Z"), content);
            assertEquals(b, UpdateBundles.verify(UpdateBundles.sign(b, signer), trusted));
        }
    }

    @Test
    void toleratesOnlyATrailingLineEnd() throws Exception {
        byte[] jws = UpdateBundles.sign(bundle, signer);
        assertEquals(bundle, UpdateBundles.verify(concat(jws, "\n"), trusted));
        assertEquals(bundle, UpdateBundles.verify(concat(jws, "\r\n"), trusted));
        assertEquals(BundleException.Reason.MALFORMED, refused(concat(jws, " ")).reason());
        assertEquals(BundleException.Reason.MALFORMED, refused(concat("\n".getBytes(StandardCharsets.US_ASCII), new String(jws, StandardCharsets.US_ASCII))).reason());
    }

    /** Every byte, flipped in three different ways: nothing that differs from what was signed verifies. */
    @Test
    void refusesEveryAlteredByte() {
        byte[] jws = UpdateBundles.sign(bundle, signer);
        Set<BundleException.Reason> seen = EnumSet.noneOf(BundleException.Reason.class);
        for (int i = 0; i < jws.length; i++) {
            for (int flip : new int[] {0x01, 0x20, 0x80}) {
                byte[] altered = jws.clone();
                altered[i] ^= (byte) flip;
                try {
                    UpdateBundle b = UpdateBundles.verify(altered, trusted);
                    fail("byte " + i + " ^ 0x" + Integer.toHexString(flip) + " was accepted: " + b);
                } catch (BundleException e) {
                    seen.add(e.reason());
                }
            }
        }
        // The alterations were refused for the right reasons, not all by one early check.
        assertTrue(seen.containsAll(EnumSet.of(BundleException.Reason.MALFORMED, BundleException.Reason.BAD_SIGNATURE)), seen.toString());
    }

    /**
     * An Ed25519 signature is 64 bytes = 86 base64url characters, whose last one carries 2 bits and
     * 4 unused ones. Changing only the unused bits must be refused too (a lenient decoder maps both
     * spellings to the same signature, so the file would differ from what was signed yet verify).
     */
    @Test
    void refusesANonCanonicalSignatureSpelling() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        byte[] jws = UpdateBundles.sign(bundle, signer);
        int last = jws.length - 1;
        int value = alphabet.indexOf(jws[last]);
        assertEquals(0, value & 0x0f, "canonical encoding leaves the unused bits zero");
        for (int spare = 1; spare < 16; spare++) {
            byte[] altered = jws.clone();
            altered[last] = (byte) alphabet.charAt(value | spare);
            assertEquals(BundleException.Reason.BAD_SIGNATURE, refused(altered).reason(), "spare bits " + spare);
        }
    }

    @Test
    void refusesTruncationAndExtension() {
        byte[] jws = UpdateBundles.sign(bundle, signer);
        for (int len = 0; len < jws.length; len++) {
            byte[] cut = Arrays.copyOf(jws, len);
            assertThrows(BundleException.class, () -> UpdateBundles.verify(cut, trusted), "truncated to " + len);
        }
        assertThrows(BundleException.class, () -> UpdateBundles.verify(concat(jws, "A"), trusted));
    }

    @Test
    void refusesAnotherKeyEvenWithAMatchingKidClaim() throws Exception {
        Ed25519Key other = Ed25519Key.generate();
        BundleException e = refused(UpdateBundles.sign(bundle, other));
        assertEquals(BundleException.Reason.WRONG_KEY, e.reason());
        assertTrue(e.getMessage().contains(other.thumbprint()) && e.getMessage().contains(trusted.thumbprint()), e.getMessage());

        // Signed by another key but claiming the trusted kid: the signature check catches it.
        JWSObject forged = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(trusted.thumbprint()).build(),
                new Payload(payload(bundle)));
        forged.sign(other.signer());
        assertEquals(BundleException.Reason.BAD_SIGNATURE, refused(ascii(forged.serialize())).reason());
    }

    @Test
    void refusesAlgNoneAndHmac() throws Exception {
        PlainObject none = new PlainObject(new PlainHeader(), new Payload(payload(bundle)));
        BundleException e = refused(ascii(none.serialize() + "c2ln")); // a non-empty "signature" part
        assertEquals(BundleException.Reason.ALGORITHM, e.reason());
        assertTrue(e.getMessage().contains("'none'"), e.getMessage());
        assertEquals(BundleException.Reason.MALFORMED, refused(ascii(none.serialize())).reason()); // empty signature part

        JWSObject hmac = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(trusted.thumbprint()).build(),
                new Payload(payload(bundle)));
        hmac.sign(new MACSigner(new byte[32]));
        assertEquals(BundleException.Reason.ALGORITHM, refused(ascii(hmac.serialize())).reason());
    }

    @Test
    void refusesUnknownTypesAndBadPayloads() throws Exception {
        assertEquals(BundleException.Reason.UNKNOWN_TYPE,
                refused(signRaw("{\"type\":\"firmware\",\"sequence\":1,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"content\":{}}")).reason());
        for (String bad : new String[] {
                "[]",
                "not json",
                "{\"sequence\":1,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"content\":{}}",
                "{\"type\":\"keys\",\"sequence\":0,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"content\":{}}",
                "{\"type\":\"keys\",\"sequence\":\"5\",\"issuedAt\":\"2026-01-01T00:00:00Z\",\"content\":{}}",
                "{\"type\":\"keys\",\"sequence\":1.5,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"content\":{}}",
                "{\"type\":\"keys\",\"sequence\":1,\"issuedAt\":\"yesterday\",\"content\":{}}",
                "{\"type\":\"keys\",\"sequence\":1,\"issuedAt\":\"2026-01-01T00:00:00Z\"}"}) {
            assertEquals(BundleException.Reason.MALFORMED, refused(signRaw(bad)).reason(), bad);
        }
    }

    @Test
    void refusesCriticalHeadersAndForeignTyp() throws Exception {
        JWSObject crit = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(trusted.thumbprint())
                .criticalParams(Set.of("exp")).customParam("exp", 1).build(), new Payload(payload(bundle)));
        crit.sign(signer.signer());
        assertThrows(BundleException.class, () -> UpdateBundles.verify(ascii(crit.serialize()), trusted));

        JWSObject typ = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(trusted.thumbprint())
                .type(new com.nimbusds.jose.JOSEObjectType("JWT")).build(), new Payload(payload(bundle)));
        typ.sign(signer.signer());
        assertEquals(BundleException.Reason.MALFORMED, refused(ascii(typ.serialize())).reason());
    }

    private byte[] signRaw(String payloadJson) throws Exception {
        JWSObject o = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(signer.thumbprint()).build(),
                new Payload(payloadJson.getBytes(StandardCharsets.UTF_8)));
        o.sign(signer.signer());
        return ascii(o.serialize());
    }

    private static byte[] payload(UpdateBundle b) {
        String[] parts = new String(UpdateBundles.sign(b, Ed25519Key.generate()), StandardCharsets.US_ASCII).split("\\.");
        return new com.nimbusds.jose.util.Base64URL(parts[1]).decode();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, String tail) {
        byte[] t = ascii(tail);
        byte[] out = Arrays.copyOf(a, a.length + t.length);
        System.arraycopy(t, 0, out, a.length, t.length);
        return out;
    }
}
