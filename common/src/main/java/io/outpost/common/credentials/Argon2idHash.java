package io.outpost.common.credentials;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) in the PHC string form the reference implementation, libsodium and most
 * libraries write: {@code $argon2id$v=19$m=12288,t=3,p=1$<salt>$<hash>} (base64, no padding).
 * One check holds m KiB of heap for its duration, so m is bounded: the gateway runs in a 64 MB heap
 * (jvm.properties), and a hash made for a server (m=65536 and more) would not fit beside it.
 */
public final class Argon2idHash implements PasswordHash {
    /** What {@code outpost hash-password} makes: OWASP's 12 MiB, t=3, p=1 (about 19 ms per check on the dev machine). */
    public static final int DEFAULT_MEMORY_KIB = 12 * 1024;
    public static final int DEFAULT_ITERATIONS = 3;
    public static final int DEFAULT_PARALLELISM = 1;
    /** The most one check may use; a quarter of the gateway's heap. */
    public static final int MAX_MEMORY_KIB = 16 * 1024;
    public static final int MAX_ITERATIONS = 10;
    /** Bouncy Castle computes the lanes one after the other, so p changes the hash, never the threads used. */
    public static final int MAX_PARALLELISM = 4;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=(\\d+)\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,9})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final String FIX = "; make a new one with 'outpost hash-password' (Argon2id, m=" + DEFAULT_MEMORY_KIB
            + ",t=" + DEFAULT_ITERATIONS + ",p=" + DEFAULT_PARALLELISM + ")";

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final byte[] salt;
    private final byte[] hash;
    private final String encoded;

    private Argon2idHash(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.salt = salt;
        this.hash = hash;
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        this.encoded = "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** A new hash of {@code password} with a random 16-byte salt and a 32-byte output. */
    public static Argon2idHash create(byte[] password, int memoryKiB, int iterations, int parallelism, SecureRandom random) {
        checkBounds(memoryKiB, iterations, parallelism);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return new Argon2idHash(memoryKiB, iterations, parallelism, salt, derive(password, salt, memoryKiB, iterations,
                parallelism, 32));
    }

    static Argon2idHash parse(String text) {
        Matcher m = PHC.matcher(text);
        if (!m.matches()) {
            throw new CredentialFormatException(text.startsWith("$argon2id$")
                    ? "is not an Argon2id PHC string ($argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>)" + FIX
                    : "uses " + text.split("\\$")[1] + "; only argon2id is accepted of the Argon2 family" + FIX);
        }
        if (!m.group(1).equals("19")) {
            throw new CredentialFormatException("is Argon2 version " + m.group(1) + "; only v=19 (1.3) is accepted" + FIX);
        }
        int memory = parameter(m.group(2));
        int iterations = parameter(m.group(3));
        int parallelism = parameter(m.group(4));
        checkBounds(memory, iterations, parallelism);
        byte[] salt = base64(m.group(5), "salt");
        byte[] hash = base64(m.group(6), "hash");
        if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
            throw new CredentialFormatException("has a " + salt.length + "-byte salt and a " + hash.length
                    + "-byte hash; 8-64 and 16-64 bytes are accepted" + FIX);
        }
        return new Argon2idHash(memory, iterations, parallelism, salt, hash);
    }

    /** A parameter too large for an int is out of bounds like any other (found by fuzzing: it threw). */
    private static int parameter(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Base64 that does not decode is a format error, not a crash of the configuration's reader (found by fuzzing). */
    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new CredentialFormatException("has a " + what + " that is not base64" + FIX);
        }
    }

    private static void checkBounds(int memoryKiB, int iterations, int parallelism) {
        if (memoryKiB > MAX_MEMORY_KIB) {
            throw new CredentialFormatException("needs m=" + memoryKiB + " KiB per check, more than the " + MAX_MEMORY_KIB
                    + " KiB the gateway allows in its 64 MB heap" + FIX);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS || parallelism < 1 || parallelism > MAX_PARALLELISM
                || memoryKiB < 8 * parallelism) {
            throw new CredentialFormatException("has t=" + iterations + ", p=" + parallelism + ", m=" + memoryKiB
                    + "; accepted are t=1-" + MAX_ITERATIONS + ", p=1-" + MAX_PARALLELISM + " and m of at least 8*p KiB" + FIX);
        }
    }

    private static byte[] derive(byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    @Override
    public boolean matches(byte[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, memoryKiB, iterations, parallelism, hash.length));
    }

    @Override
    public String encoded() {
        return encoded;
    }

    @Override
    public int memoryKiB() {
        return memoryKiB;
    }

    @Override
    public String toString() {
        return "argon2id(m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + ")";
    }
}
