package io.outpost.common.artifact;

import io.outpost.common.signing.Ed25519Key;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which signers an artifact may come from. {@code dev} accepts a signature by the key embedded in
 * the artifact itself (so the signature and every digest are still checked) when that key is not
 * one of the trusted publishers.
 */
public record TrustPolicy(Map<String, Ed25519Key> trustedByKid, boolean dev) {
    public static TrustPolicy of(Collection<Ed25519Key> publisherKeys, boolean dev) {
        Map<String, Ed25519Key> byKid = new LinkedHashMap<>();
        for (Ed25519Key k : publisherKeys) {
            byKid.put(k.thumbprint(), k.publicKey());
        }
        return new TrustPolicy(Map.copyOf(byKid), dev);
    }
}
