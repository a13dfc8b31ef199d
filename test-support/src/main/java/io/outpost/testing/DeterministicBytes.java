package io.outpost.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A reproducible byte stream of any length, and its SHA-256, without holding it in memory. */
public final class DeterministicBytes {
    private DeterministicBytes() {}

    public static void write(OutputStream out, long size) throws IOException {
        byte[] chunk = new byte[65536];
        long written = 0;
        long seed = 0x9E3779B97F4A7C15L;
        while (written < size) {
            int n = (int) Math.min(chunk.length, size - written);
            for (int i = 0; i < n; i++) {
                seed ^= seed << 13;
                seed ^= seed >>> 7;
                seed ^= seed << 17;
                chunk[i] = (byte) seed;
            }
            out.write(chunk, 0, n);
            written += n;
        }
    }

    public static String sha256(long size) throws IOException {
        MessageDigest md = newSha256();
        try (var out = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            write(out, size);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(InputStream in) throws IOException {
        MessageDigest md = newSha256();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
