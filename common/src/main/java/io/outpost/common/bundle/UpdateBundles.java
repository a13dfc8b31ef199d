package io.outpost.common.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Signs and verifies update bundles: one compact JWS (EdDSA/Ed25519, {@code kid} = the signing
 * key's RFC 7638 thumbprint, {@code typ} {@value #TYP}) whose payload is
 * {@code {"type":..,"sequence":..,"issuedAt":"..Z","content":..}}. The same bytes travel over the
 * network and on removable media, and are stored as received.
 *
 * <p>Verification trusts exactly one configured key: a key embedded in the header is never used,
 * and only EdDSA is accepted (so {@code alg: none} or an HMAC downgrade cannot pass).
 */
public final class UpdateBundles {
    public static final String TYP = "outpost-update+jws";
    /** Bigger than any sensible revocation list; bounds what a hostile server can make us hold. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private UpdateBundles() {}

    /** The compact JWS (ASCII bytes, no trailing newline). */
    public static byte[] sign(UpdateBundle bundle, Ed25519Key key) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("type", bundle.type());
        payload.put("sequence", bundle.sequence());
        payload.put("issuedAt", bundle.issuedAt().toString());
        payload.set("content", bundle.content());
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                .type(new JOSEObjectType(TYP))
                .keyID(key.thumbprint())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(Json.bytes(payload)));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jws.serialize().getBytes(StandardCharsets.US_ASCII);
    }

    /** Verifies {@code jws} against {@code trusted} and returns the bundle it carries. */
    public static UpdateBundle verify(byte[] jws, Ed25519Key trusted) throws BundleException {
        String text = compactText(jws);
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw malformed("not a compact JWS (expected three dot-separated base64url parts)");
        }
        checkAlgorithm(parts[0]);
        JWSObject object;
        try {
            object = JWSObject.parse(text);
        } catch (ParseException e) {
            throw malformed("not a valid JWS: " + e.getMessage());
        }
        JWSHeader header = object.getHeader();
        if (header.getCustomParam("b64") != null || (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty())) {
            throw new BundleException(BundleException.Reason.ALGORITHM, "bundle has unsupported critical or b64 header parameters");
        }
        if (header.getType() != null && !TYP.equals(header.getType().getType())) {
            throw malformed("bundle header typ is '" + header.getType() + "', expected '" + TYP + "'");
        }
        String kid = header.getKeyID();
        if (kid == null || !kid.equals(trusted.thumbprint())) {
            throw new BundleException(BundleException.Reason.WRONG_KEY, "bundle is signed by key "
                    + (kid == null ? "(no kid)" : kid) + ", not by the configured update-signing key " + trusted.thumbprint());
        }
        // Base64url's last character can carry unused bits: insist on the one canonical spelling, so
        // a flipped bit there is refused like any other change instead of decoding to the same signature.
        if (!Base64URL.encode(object.getSignature().decode()).toString().equals(parts[2])) {
            throw new BundleException(BundleException.Reason.BAD_SIGNATURE, "bundle signature is not canonical base64url (altered)");
        }
        try {
            if (!object.verify(trusted.verifier())) {
                throw new BundleException(BundleException.Reason.BAD_SIGNATURE,
                        "bundle signature does not verify with key " + kid + " (altered bundle)");
            }
        } catch (JOSEException | IllegalStateException e) {
            throw new BundleException(BundleException.Reason.BAD_SIGNATURE, "bundle signature cannot be checked: " + e.getMessage(), e);
        }
        return payload(object.getPayload().toBytes());
    }

    /**
     * The bundle a JWS claims to carry, WITHOUT checking its signature: only to learn the sequence
     * of an installed file that no longer verifies (e.g. after a key rotation), never to apply it.
     */
    static UpdateBundle unverifiedPayload(byte[] jws) throws BundleException {
        String[] parts = compactText(jws).split("\\.", -1);
        if (parts.length != 3) {
            throw malformed("not a compact JWS");
        }
        return payload(new Base64URL(parts[1]).decode());
    }

    private static String compactText(byte[] jws) throws BundleException {
        if (jws.length > MAX_BYTES) {
            throw malformed("bundle is larger than " + MAX_BYTES + " bytes");
        }
        int end = jws.length;
        // Tolerate the line ending an editor or `echo` adds; nothing else.
        while (end > 0 && (jws[end - 1] == '\n' || jws[end - 1] == '\r')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            byte b = jws[i];
            boolean ok = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.';
            if (!ok) {
                throw malformed("not a compact JWS: byte " + i + " is not base64url or '.'");
            }
        }
        return new String(jws, 0, end, StandardCharsets.US_ASCII);
    }

    /** Names the algorithm before nimbus parses, so {@code alg: none} is reported as what it is. */
    private static void checkAlgorithm(String headerPart) throws BundleException {
        JsonNode header;
        try {
            header = Json.mapper().readTree(new Base64URL(headerPart).decode());
        } catch (IOException e) {
            throw malformed("JWS header is not JSON: " + e.getMessage());
        }
        if (header == null || !header.isObject()) {
            throw malformed("JWS header is not a JSON object");
        }
        JsonNode alg = header.get("alg");
        String name = alg == null ? null : alg.asText();
        if (!JWSAlgorithm.EdDSA.getName().equals(name) && !JWSAlgorithm.Ed25519.getName().equals(name)) {
            throw new BundleException(BundleException.Reason.ALGORITHM,
                    "bundle uses algorithm " + (name == null ? "(none given)" : "'" + name + "'") + "; only EdDSA (Ed25519) is accepted");
        }
    }

    private static UpdateBundle payload(byte[] json) throws BundleException {
        JsonNode p;
        try {
            p = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw malformed("bundle payload is not JSON: " + e.getMessage());
        }
        if (p == null || !p.isObject()) {
            throw malformed("bundle payload is not a JSON object");
        }
        JsonNode type = p.get("type");
        JsonNode sequence = p.get("sequence");
        JsonNode issuedAt = p.get("issuedAt");
        JsonNode content = p.get("content");
        if (type == null || !type.isTextual()) {
            throw malformed("bundle payload has no 'type'");
        }
        if (!UpdateBundle.TYPES.contains(type.asText())) {
            throw new BundleException(BundleException.Reason.UNKNOWN_TYPE,
                    "unknown bundle type '" + type.asText() + "'; expected one of " + UpdateBundle.sortedTypes());
        }
        if (sequence == null || !sequence.isIntegralNumber() || !sequence.canConvertToLong() || sequence.asLong() < 1) {
            throw malformed("bundle payload 'sequence' must be a whole number of 1 or more (got " + sequence + ")");
        }
        if (issuedAt == null || !issuedAt.isTextual()) {
            throw malformed("bundle payload has no 'issuedAt'");
        }
        Instant issued;
        try {
            issued = Instant.parse(issuedAt.asText());
        } catch (DateTimeParseException e) {
            throw malformed("bundle payload 'issuedAt' is not an ISO-8601 instant: " + issuedAt.asText());
        }
        if (content == null || content.isNull()) {
            throw malformed("bundle payload has no 'content'");
        }
        return new UpdateBundle(type.asText(), sequence.asLong(), issued, content);
    }

    private static BundleException malformed(String message) {
        return new BundleException(BundleException.Reason.MALFORMED, message);
    }
}
