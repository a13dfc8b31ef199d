package io.outpost.common.artifact;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * An artifact whose structure, digests and signature were checked.
 *
 * @param entries       every entry except the manifest pair, by name, in file order
 * @param signerKid     thumbprint of the key that signed it
 * @param signerTrusted false only when accepted under {@code --dev}
 * @param sha256        digest of the whole file: the artifact's identity
 */
public record VerifiedArtifact(Map<String, ByteBuffer> entries, Manifest manifest, String signerKid,
                               boolean signerTrusted, String sha256) {

    public byte[] bytes(String name) {
        ByteBuffer b = entries.get(name);
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
