package io.outpost.common.credentials;

import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt as {@code htpasswd -B}, OpenBSD and most libraries write it: {@code $2b$12$<22 salt><31 hash>}
 * ($2a$ and $2y$ read the same). Bouncy Castle compares the result in constant time. bcrypt reads
 * only a password's first 72 bytes; {@code outpost hash-password --algorithm bcrypt} refuses longer
 * ones rather than hash a prefix silently.
 */
public final class BcryptHash implements PasswordHash {
    /** 2^10 rounds: 47 ms a check on the development machine, about twice Argon2id's default there. */
    public static final int DEFAULT_COST = 10;
    /**
     * 2^12 rounds: 190 ms a check on the development machine, several times that on a Raspberry Pi
     * class core; more would let a few requests hold the hash pool past the stage's 10 s limit.
     */
    public static final int MAX_COST = 12;
    /** What bcrypt reads of a password. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private final String encoded;

    private BcryptHash(String encoded) {
        this.encoded = encoded;
    }

    /** A new hash of {@code password} ($2b$, a random salt). */
    public static BcryptHash create(byte[] password, int cost, SecureRandom random) {
        if (cost < 4 || cost > MAX_COST) {
            throw new CredentialFormatException("cost " + cost + " is not from 4 to " + MAX_COST);
        }
        if (password.length == 0 || password.length > MAX_PASSWORD_BYTES) {
            throw new CredentialFormatException("takes passwords of 1 to " + MAX_PASSWORD_BYTES
                    + " bytes (bcrypt ignores the rest); use Argon2id for longer ones");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return new BcryptHash(OpenBSDBCrypt.generate("2b", password, salt, cost));
    }

    static BcryptHash parse(String text) {
        Matcher m = BCRYPT.matcher(text);
        if (!m.matches()) {
            throw new CredentialFormatException("is not a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, "
                    + "53 characters of salt and hash); make one with 'outpost hash-password --algorithm bcrypt'");
        }
        int cost = Integer.parseInt(m.group(1));
        if (cost < 4 || cost > MAX_COST) {
            throw new CredentialFormatException("has cost " + cost + "; the gateway accepts 4 to " + MAX_COST
                    + " (each step doubles the time a check holds the hash pool); make a new one with "
                    + "'outpost hash-password --algorithm bcrypt' (cost " + DEFAULT_COST + ")");
        }
        return new BcryptHash(text);
    }

    @Override
    public boolean matches(byte[] password) {
        // Bouncy Castle refuses an empty password; it can never be the one hashed (create refuses it too).
        return password.length > 0 && OpenBSDBCrypt.checkPassword(encoded, password);
    }

    @Override
    public String encoded() {
        return encoded;
    }

    @Override
    public String toString() {
        return "bcrypt(" + encoded.substring(0, 7) + ")";
    }
}
