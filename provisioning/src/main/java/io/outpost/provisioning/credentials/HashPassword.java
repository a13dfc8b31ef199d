package io.outpost.provisioning.credentials;

import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.common.credentials.Argon2idHash;
import io.outpost.common.credentials.BcryptHash;
import io.outpost.common.credentials.CredentialFormatException;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code outpost hash-password}, the one implementation: the line gateway.yaml keeps for a basic-auth
 * user ({@code security.basic.users[].password}), or with {@code --api-key} a new static API key and
 * the line that stores it ({@code security.apiKeys.static[].hash}); docs/security.md. A picocli mixin,
 * so the toolkit's command and the device CLI's (which has no toolkit on its class path) take the same
 * options and say the same things. The password comes from a prompt that does not echo, or from stdin
 * when that is not a terminal; never from the command line, where the shell history and the process
 * list would keep it.
 */
public final class HashPassword {
    public static final String NAME = "hash-password";
    public static final String DESCRIPTION_PASSWORD = "Print the hash of a password for security.basic.users in gateway.yaml. "
            + "The password is read from a prompt (not echoed) or from stdin (one line), never from the command line.";
    public static final String DESCRIPTION_API_KEY = "With --api-key: make a new static API key; prints the key (give it to "
            + "the client; it is stored nowhere) and, on the next line, the hash for security.apiKeys.static in gateway.yaml.";

    /** Wrong arguments, the picocli convention; 1 is any other refusal. */
    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    /** A password bigger than this is a wrong file piped in, not a password. */
    private static final int MAX_PASSWORD_BYTES = 4096;

    enum Algorithm { argon2id, bcrypt }

    /** A refusal the user can fix: message, optional hint, exit code. */
    public static final class Refused extends Exception {
        private final String hint;
        private final int exitCode;

        Refused(String message, String hint, int exitCode) {
            super(message);
            this.hint = hint;
            this.exitCode = exitCode;
        }

        public String hint() {
            return hint;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    @Option(names = "--algorithm", paramLabel = "ALG", description = "argon2id (default) or bcrypt")
    Algorithm algorithm;

    @Option(names = "--memory", paramLabel = "KiB", description = "Argon2id memory m, up to "
            + Argon2idHash.MAX_MEMORY_KIB + " (default: ${DEFAULT-VALUE})")
    int memory = Argon2idHash.DEFAULT_MEMORY_KIB;

    @Option(names = "--iterations", paramLabel = "N", description = "Argon2id passes t (default: ${DEFAULT-VALUE})")
    int iterations = Argon2idHash.DEFAULT_ITERATIONS;

    @Option(names = "--parallelism", paramLabel = "N", description = "Argon2id lanes p (default: ${DEFAULT-VALUE})")
    int parallelism = Argon2idHash.DEFAULT_PARALLELISM;

    @Option(names = "--cost", paramLabel = "N", description = "bcrypt cost, up to " + BcryptHash.MAX_COST
            + " (default: ${DEFAULT-VALUE})")
    int cost = BcryptHash.DEFAULT_COST;

    @Option(names = "--api-key", description = "make a static API key instead of hashing a password")
    boolean apiKey;

    /** Only to refuse a password given as an argument without repeating it. */
    @Parameters(hidden = true, arity = "0..*")
    List<String> stray;

    private final SecureRandom random = new SecureRandom();

    /** Prints the line(s) to {@code out}, the note to {@code err}; the password from the console or {@code System.in}. */
    public void run(PrintWriter out, PrintWriter err) throws Refused, IOException {
        if (stray != null && !stray.isEmpty()) {
            throw new Refused("hash-password takes no password on the command line (the shell history and the process "
                    + "list would keep it)", "type it at the prompt, or pipe it in: outpost hash-password < file", USAGE);
        }
        if (apiKey) {
            if (algorithm != null) {
                throw new Refused("--api-key takes no --algorithm", "a static key is random and stored as a salted "
                        + "SHA-256 (docs/security.md says why)", USAGE);
            }
            ApiKeyHash.Generated made = ApiKeyHash.generate(random);
            out.println(made.key());
            out.println(made.hash().encoded());
            out.flush();
            err.println("line 1 is the key: give it to the client now, it is not stored anywhere; line 2 goes to "
                    + "gateway.yaml as security.apiKeys.static[].hash");
            err.flush();
            return;
        }
        byte[] password = readPassword();
        try {
            String hash = algorithm == Algorithm.bcrypt
                    ? BcryptHash.create(password, cost, random).encoded()
                    : Argon2idHash.create(password, memory, iterations, parallelism, random).encoded();
            out.println(hash);
            out.flush();
        } catch (CredentialFormatException e) {
            throw new Refused((algorithm == Algorithm.bcrypt ? "bcrypt " : "Argon2id ") + e.getMessage(), null, USAGE);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** From the console when there is one (typed twice), else the one line on stdin; UTF-8. */
    private static byte[] readPassword() throws Refused, IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = first == null ? null : console.readPassword("Password again: ");
            try {
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    throw new Refused("the two passwords differ, or input ended", "run it again", FAILURE);
                }
                return nonEmpty(utf8(first));
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
        return nonEmpty(oneLine(System.in));
    }

    /** stdin without its final line end; more than one line is refused (a file of several passwords, likely by mistake). */
    static byte[] oneLine(InputStream in) throws Refused, IOException {
        byte[] all = in.readNBytes(MAX_PASSWORD_BYTES + 2);
        int end = all.length;
        if (end > 0 && all[end - 1] == '\n') {
            end--;
            if (end > 0 && all[end - 1] == '\r') {
                end--;
            }
        }
        for (int i = 0; i < end; i++) {
            if (all[i] == '\n' || all[i] == '\r') {
                Arrays.fill(all, (byte) 0);
                throw new Refused("stdin holds more than one line", "give one password, on one line", USAGE);
            }
        }
        if (end > MAX_PASSWORD_BYTES) {
            Arrays.fill(all, (byte) 0);
            throw new Refused("the password on stdin is longer than " + MAX_PASSWORD_BYTES + " bytes", null, USAGE);
        }
        byte[] password = Arrays.copyOf(all, end);
        Arrays.fill(all, (byte) 0);
        return password;
    }

    private static byte[] nonEmpty(byte[] password) throws Refused {
        if (password.length == 0) {
            throw new Refused("the password is empty", "basic authentication refuses empty passwords; type one, "
                    + "or pipe it in: outpost hash-password < file", USAGE);
        }
        return password;
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }
}
