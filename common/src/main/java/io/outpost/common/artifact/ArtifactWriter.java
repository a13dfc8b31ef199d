package io.outpost.common.artifact;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.outpost.common.json.Json;
import io.outpost.common.model.ProjectInfo;
import io.outpost.common.signing.Ed25519Key;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a signed artifact: the given entries plus {@code manifest.json} (digest of each) and
 * {@code manifest.jws} (a detached Ed25519 JWS over the manifest, kid = key thumbprint, with the
 * public JWK embedded for {@code --dev} consumers). Same entries and key give the same bytes.
 */
public final class ArtifactWriter {
    private ArtifactWriter() {}

    public static byte[] write(Map<String, byte[]> contents, Ed25519Key key) {
        SortedMap<String, byte[]> sorted = new TreeMap<>(contents);
        List<Manifest.Item> items = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
            EntryNames.requireValid(e.getKey());
            if (e.getKey().equals(Manifest.JSON) || e.getKey().equals(Manifest.JWS)) {
                throw new IllegalArgumentException(e.getKey() + " is reserved");
            }
            items.add(new Manifest.Item(e.getKey(), Digests.sha256Hex(e.getValue()), e.getValue().length));
        }
        byte[] manifest = Json.bytes(new Manifest(ProjectInfo.FORMAT_VERSION, items));
        List<CanonicalZip.Entry> entries = new ArrayList<>();
        entries.add(CanonicalZip.Entry.of(Manifest.JSON, manifest));
        entries.add(CanonicalZip.Entry.of(Manifest.JWS, sign(manifest, key).getBytes(StandardCharsets.US_ASCII)));
        sorted.forEach((name, data) -> entries.add(CanonicalZip.Entry.of(name, data)));
        return CanonicalZip.encode(entries);
    }

    static String sign(byte[] manifest, Ed25519Key key) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                .keyID(key.thumbprint())
                .jwk(key.publicKey().jwk())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(manifest));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jws.serialize(true);
    }
}
