package io.outpost.common.credentials;

/**
 * A stored password hash, in the one text form gateway.yaml holds and {@code outpost hash-password}
 * prints (docs/security.md, "Basic authentication and static API keys"): Argon2id as a PHC string,
 * bcrypt, or, for users coming from WSO2 Microgateway, its unsalted SHA-1 hex and
 * {@code @sha256:{hex}} / {@code @sha512:{hex}}. Every check compares in constant time.
 */
public sealed interface PasswordHash permits Argon2idHash, BcryptHash, LegacyDigest {

    /** Whether {@code password} (UTF-8, as sent) is the one this hash was made from. Slow on purpose: never on an event loop. */
    boolean matches(byte[] password);

    /** The hash as written in gateway.yaml. */
    String encoded();

    /** An unsalted fast digest, accepted only to migrate from WSO2: the gateway warns at start. */
    default boolean legacy() {
        return false;
    }

    /** The heap one check needs, in KiB (Argon2id's m; about nothing for the others). */
    default int memoryKiB() {
        return 0;
    }

    /**
     * Reads a stored hash.
     *
     * @throws CredentialFormatException naming what is wrong and how to make a good one
     */
    static PasswordHash parse(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new CredentialFormatException("is empty; make one with 'outpost hash-password'");
        }
        String text = encoded.strip();
        if (text.startsWith("$argon2")) {
            return Argon2idHash.parse(text);
        }
        if (text.startsWith("$2")) {
            return BcryptHash.parse(text);
        }
        LegacyDigest legacy = LegacyDigest.parseOrNull(text);
        if (legacy != null) {
            return legacy;
        }
        throw new CredentialFormatException("is not a password hash this gateway knows (Argon2id '$argon2id$v=19$m=...', "
                + "bcrypt '$2b$...', or WSO2's SHA-1 hex / '@sha256:{hex}'); make one with 'outpost hash-password'");
    }
}
