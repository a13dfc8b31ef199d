package io.outpost.common.artifact;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an artifact before anything in it is used: canonical zip layout (so no byte outside the
 * entries can differ), entry names, manifest signature by a trusted publisher key, and the digest
 * and size of every entry, with no entry missing from or absent in the manifest.
 */
public final class ArtifactVerifier {
    /** Artifacts carry route tables and interceptor jars; anything near this size is a mistake. */
    public static final long MAX_ARTIFACT_BYTES = 32L * 1024 * 1024;

    private ArtifactVerifier() {}

    public static VerifiedArtifact verify(Path file, TrustPolicy trust) throws ArtifactException {
        try {
            long size = Files.size(file);
            if (size > MAX_ARTIFACT_BYTES) {
                throw new ArtifactException(file + ": artifact is " + size + " bytes, over the "
                        + MAX_ARTIFACT_BYTES + "-byte limit");
            }
            return verify(ByteBuffer.wrap(Files.readAllBytes(file)), trust);
        } catch (IOException e) {
            throw new ArtifactException(file + ": cannot read artifact: " + e.getMessage(), e);
        } catch (ArtifactException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new ArtifactException(file + ": " + e.getMessage(), e);
        }
    }

    public static VerifiedArtifact verify(ByteBuffer file, TrustPolicy trust) throws ArtifactException {
        List<CanonicalZip.Entry> entries = CanonicalZip.decode(file);
        requireNamesAndOrder(entries);
        CanonicalZip.requireCanonical(file, entries);

        byte[] manifestBytes = entries.get(0).bytes();
        String jws = new String(entries.get(1).bytes(), StandardCharsets.US_ASCII);
        String signer = verifySignature(manifestBytes, jws, trust);
        boolean trusted = trust.trustedByKid().containsKey(signer);

        Manifest manifest;
        try {
            manifest = Json.read(manifestBytes, Manifest.class);
        } catch (RuntimeException e) {
            throw new ArtifactException("manifest.json is not a valid manifest: " + e.getMessage(), e);
        }
        Map<String, ByteBuffer> content = new LinkedHashMap<>();
        for (CanonicalZip.Entry e : entries.subList(2, entries.size())) {
            content.put(e.name(), e.data());
        }
        Set<String> listed = new HashSet<>();
        for (Manifest.Item item : manifest.entries()) {
            if (!listed.add(item.path())) {
                throw new ArtifactException("manifest lists '" + item.path() + "' twice");
            }
            ByteBuffer data = content.get(item.path());
            if (data == null) {
                throw new ArtifactException("entry '" + item.path() + "' is listed in the manifest but missing");
            }
            if (data.remaining() != item.size() || !Digests.sha256Hex(data).equals(item.sha256())) {
                throw new ArtifactException("entry '" + item.path() + "' does not match its manifest digest (altered)");
            }
        }
        for (String name : content.keySet()) {
            if (!listed.contains(name)) {
                throw new ArtifactException("entry '" + name + "' is not listed in the manifest (added after signing)");
            }
        }
        return new VerifiedArtifact(Map.copyOf(content), manifest, signer, trusted, Digests.sha256Hex(file));
    }

    private static void requireNamesAndOrder(List<CanonicalZip.Entry> entries) throws ArtifactException {
        Set<String> seen = new HashSet<>();
        for (CanonicalZip.Entry e : entries) {
            String problem = EntryNames.problem(e.name());
            if (problem != null) {
                throw new ArtifactException(problem);
            }
            if (!seen.add(e.name())) {
                throw new ArtifactException("duplicate entry '" + e.name() + "'");
            }
        }
        if (entries.size() < 2 || !entries.get(0).name().equals(Manifest.JSON)
                || !entries.get(1).name().equals(Manifest.JWS)) {
            throw new ArtifactException("unsigned artifact: it must start with manifest.json and manifest.jws");
        }
        for (int i = 3; i < entries.size(); i++) {
            if (entries.get(i - 1).name().compareTo(entries.get(i).name()) >= 0) {
                throw new ArtifactException("non-canonical zip: entries are not in sorted order at '"
                        + entries.get(i).name() + "'");
            }
        }
    }

    private static String verifySignature(byte[] manifest, String jws, TrustPolicy trust) throws ArtifactException {
        JWSObject object;
        try {
            object = JWSObject.parse(jws.trim(), new Payload(manifest));
        } catch (ParseException e) {
            throw new ArtifactException("manifest.jws is not a JWS: " + e.getMessage(), e);
        }
        JWSHeader header = object.getHeader();
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && !JWSAlgorithm.Ed25519.equals(header.getAlgorithm())) {
            throw new ArtifactException("manifest.jws uses algorithm " + header.getAlgorithm() + "; only EdDSA is accepted");
        }
        if (header.getCustomParam("b64") != null || (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty())) {
            throw new ArtifactException("manifest.jws has unsupported critical or b64 header parameters");
        }
        String kid = header.getKeyID();
        if (kid == null) {
            throw new ArtifactException("manifest.jws names no key (kid)");
        }
        Ed25519Key key = trust.trustedByKid().get(kid);
        if (key == null) {
            if (!trust.dev()) {
                throw new ArtifactException("artifact is signed by key " + kid + ", which is not a trusted publisher key"
                        + (trust.trustedByKid().isEmpty() ? " (no publisher keys configured)"
                        : " (trusted: " + String.join(", ", trust.trustedByKid().keySet()) + ")")
                        + "; add its public key to gateway.yaml 'trust.publisherKeys', or use --dev during development");
            }
            try {
                key = header.getJWK() == null ? null : Ed25519Key.fromJwk(header.getJWK());
            } catch (KeyException e) {
                throw new ArtifactException("manifest.jws embeds an unusable key: " + e.getMessage(), e);
            }
            if (key == null || !key.thumbprint().equals(kid)) {
                throw new ArtifactException("manifest.jws embeds no key matching kid " + kid);
            }
        }
        try {
            if (!object.verify(key.verifier())) {
                throw new ArtifactException("manifest signature does not verify with key " + kid + " (altered manifest)");
            }
        } catch (JOSEException | IllegalStateException e) {
            throw new ArtifactException("manifest signature cannot be checked: " + e.getMessage(), e);
        }
        return kid;
    }
}
