package io.outpost.common.artifact;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex, the digest used by manifests and artifact identities. */
public final class Digests {
    private Digests() {}

    public static String sha256Hex(byte[] data) {
        return sha256Hex(ByteBuffer.wrap(data));
    }

    public static String sha256Hex(ByteBuffer data) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(data.duplicate());
        return HexFormat.of().formatHex(md.digest());
    }
}
