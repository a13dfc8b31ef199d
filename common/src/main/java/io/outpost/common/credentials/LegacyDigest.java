package io.outpost.common.credentials;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unsalted digests of WSO2 Microgateway 3.x's {@code [b7a.users]}: a bare SHA-1 hex (its
 * default) or Ballerina's {@code @sha256:{hex}} and {@code @sha512:{hex}}. Accepted so a
 * micro-gw.conf's users can be carried over as they are, with a warning at start: an unsalted fast
 * digest lets anyone who reads gateway.yaml test billions of guesses a second, and equal passwords
 * show as equal hashes.
 */
public final class LegacyDigest implements PasswordHash {
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern BALLERINA = Pattern.compile("@(sha256|sha512):\\{([0-9a-fA-F]+)}");

    private final String algorithm;
    private final byte[] digest;
    private final String encoded;

    private LegacyDigest(String algorithm, byte[] digest, String encoded) {
        this.algorithm = algorithm;
        this.digest = digest;
        this.encoded = encoded;
    }

    /** The digest {@code text} is, or null when it is not one of these forms. */
    static LegacyDigest parseOrNull(String text) {
        if (SHA1.matcher(text).matches()) {
            return new LegacyDigest("SHA-1", HexFormat.of().parseHex(text), text);
        }
        Matcher m = BALLERINA.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String algorithm = m.group(1).equals("sha256") ? "SHA-256" : "SHA-512";
        int hexLength = m.group(1).equals("sha256") ? 64 : 128;
        if (m.group(2).length() != hexLength) {
            throw new CredentialFormatException("is '@" + m.group(1) + ":{...}' with " + m.group(2).length()
                    + " hex digits instead of " + hexLength + "; better, make an Argon2id hash with 'outpost hash-password'");
        }
        return new LegacyDigest(algorithm, HexFormat.of().parseHex(m.group(2)), text);
    }

    @Override
    public boolean matches(byte[] password) {
        try {
            return MessageDigest.isEqual(digest, MessageDigest.getInstance(algorithm).digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has " + algorithm, e);
        }
    }

    @Override
    public String encoded() {
        return encoded;
    }

    @Override
    public boolean legacy() {
        return true;
    }

    /** "SHA-1", "SHA-256" or "SHA-512". */
    public String algorithm() {
        return algorithm;
    }

    @Override
    public String toString() {
        return algorithm.toLowerCase(Locale.ROOT) + " (unsalted, WSO2)";
    }
}
