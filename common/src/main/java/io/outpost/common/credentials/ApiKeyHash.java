package io.outpost.common.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static API key as gateway.yaml stores it: {@code sha256:<key id>:<salt>:<hash>} (salt and hash
 * base64url), where hash = SHA-256(salt || key). The key itself, {@code opk_<key id>_<secret>},
 * is printed once by {@code outpost hash-password --api-key} and never stored.
 *
 * <p>Why a fast hash here and Argon2id for passwords: a password is chosen by a person and can be
 * guessed, so each guess must cost; a key is 32 random bytes (256 bits), which no number of guesses
 * at any speed reaches, so stretching would only cost CPU on every request (the key is checked on
 * the event loop, in about a microsecond). The salt still keeps one key from hashing the same on two
 * devices or in two files, and rules out precomputed tables.
 *
 * <p>The key id (64 random bits, not secret) finds the one entry to check without trying each
 * configured key: a request costs one SHA-256 whatever the number of keys.
 */
public final class ApiKeyHash {
    public static final String PREFIX = "opk_";
    private static final int ID_HEX = 16;
    private static final Pattern STORED = Pattern.compile("sha256:([0-9a-f]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String keyId;
    private final byte[] salt;
    private final byte[] hash;

    private ApiKeyHash(String keyId, byte[] salt, byte[] hash) {
        this.keyId = keyId;
        this.salt = salt;
        this.hash = hash;
    }

    /** A new key and the line that stores it. */
    public record Generated(String key, ApiKeyHash hash) {}

    public static Generated generate(SecureRandom random) {
        byte[] id = new byte[ID_HEX / 2];
        byte[] secret = new byte[32];
        byte[] salt = new byte[16];
        random.nextBytes(id);
        random.nextBytes(secret);
        random.nextBytes(salt);
        String keyId = HexFormat.of().formatHex(id);
        String key = PREFIX + keyId + "_" + B64.encodeToString(secret);
        return new Generated(key, new ApiKeyHash(keyId, salt, digest(salt, key)));
    }

    /** @throws CredentialFormatException when {@code text} is not {@code sha256:<key id>:<salt>:<hash>} */
    public static ApiKeyHash parse(String text) {
        Matcher m = text == null ? null : STORED.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new CredentialFormatException("is not a static API key hash (sha256:<16 hex key id>:<salt>:<hash>); "
                    + "make a key and its line with 'outpost hash-password --api-key'");
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        return new ApiKeyHash(m.group(1), b64.decode(m.group(2)), b64.decode(m.group(3)));
    }

    /** The key id of a presented key ({@code opk_<16 hex>_...}), or null when it is not shaped as one of ours. */
    public static String keyIdOf(String key) {
        int end = PREFIX.length() + ID_HEX;
        if (key == null || key.length() <= end + 1 || !key.startsWith(PREFIX) || key.charAt(end) != '_') {
            return null;
        }
        for (int i = PREFIX.length(); i < end; i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return key.substring(PREFIX.length(), end);
    }

    public String keyId() {
        return keyId;
    }

    /** Whether {@code key} is the key this was made from; constant time in the key's content. */
    public boolean matches(String key) {
        return MessageDigest.isEqual(hash, digest(salt, key));
    }

    public String encoded() {
        return "sha256:" + keyId + ":" + B64.encodeToString(salt) + ":" + B64.encodeToString(hash);
    }

    private static byte[] digest(byte[] salt, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "api key " + keyId;
    }
}
