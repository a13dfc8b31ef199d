package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.common.credentials.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * outpost hash-password as a user runs it with a password on stdin (the tests have no console):
 * stdout carries the one line for gateway.yaml and nothing else, and what it prints is read back by
 * the same parsers the gateway uses.
 */
class HashPasswordCommandTest {
    @TempDir
    Path home;

    /** The CLI with {@code stdin} as its standard input (the tests have no console, so that is where it reads). */
    private Cli.Result run(String stdin, String... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = "hash-password";
        System.arraycopy(args, 0, all, 1, args.length);
        synchronized (HashPasswordCommandTest.class) {
            InputStream saved = System.in;
            try {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
                return Cli.run(home, all);
            } finally {
                System.setIn(saved);
            }
        }
    }

    private static String onlyLine(Cli.Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length, r.out());
        return lines[0];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void argon2idByDefaultFromOneLineOnStdin() {
        String line = onlyLine(run("correct horse\n"));
        assertTrue(line.startsWith("$argon2id$v=19$m=12288,t=3,p=1$"), line);
        PasswordHash hash = PasswordHash.parse(line);
        assertTrue(hash.matches(utf8("correct horse")), "the line end is not part of the password");
        assertFalse(hash.matches(utf8("correct horse\n")));
        assertTrue(PasswordHash.parse(onlyLine(run("pässwörd\r\n", "--memory", "1024", "--iterations", "1")))
                .matches(utf8("pässwörd")));
        assertTrue(PasswordHash.parse(onlyLine(run("no line end"))).matches(utf8("no line end")));
    }

    @Test
    void bcryptOnRequest() {
        String line = onlyLine(run("s3cret\n", "--algorithm", "bcrypt", "--cost", "4"));
        assertTrue(line.startsWith("$2b$04$"), line);
        assertTrue(PasswordHash.parse(line).matches(utf8("s3cret")));
        Cli.Result tooLong = run("x".repeat(73) + "\n", "--algorithm", "bcrypt", "--cost", "4");
        assertEquals(2, tooLong.exitCode());
        assertTrue(tooLong.err().contains("72 bytes"), tooLong.err());
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithoutRepeatingIt() {
        Cli.Result r = run("", "hunter2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no password on the command line"), r.err());
        assertFalse(r.err().contains("hunter2") || r.out().contains("hunter2"), r.toString());
    }

    @Test
    void emptySeveralLinesAndParametersTheGatewayWouldRefuse() {
        assertTrue(run("").err().contains("the password is empty"));
        assertTrue(run("\n").err().contains("the password is empty"));
        Cli.Result two = run("one\ntwo\n");
        assertEquals(2, two.exitCode());
        assertTrue(two.err().contains("more than one line"), two.err());
        Cli.Result big = run("pw\n", "--memory", "65536");
        assertEquals(2, big.exitCode());
        assertTrue(big.err().contains("m=65536") && big.err().contains("64 MB heap"), big.err());
        assertEquals("", big.out());
        assertEquals(2, run("pw\n", "--algorithm", "bcrypt", "--cost", "15").exitCode());
        assertEquals(2, run("pw\n", "--algorithm", "scrypt").exitCode());
    }

    @Test
    void apiKeyPrintsTheKeyThenItsStoredLine() {
        Cli.Result key = run("", "--api-key");
        assertEquals(0, key.exitCode(), key.toString());
        String[] lines = key.out().split("\n");
        assertEquals(2, lines.length, key.out());
        assertTrue(lines[0].startsWith("opk_"), lines[0]);
        ApiKeyHash stored = ApiKeyHash.parse(lines[1]);
        assertTrue(stored.matches(lines[0]));
        assertEquals(stored.keyId(), ApiKeyHash.keyIdOf(lines[0]));
        assertTrue(key.err().contains("security.apiKeys.static"), key.err());
        assertFalse(run("", "--api-key").out().contains(lines[0]), "a new key each time");
        assertEquals(2, run("", "--api-key", "--algorithm", "bcrypt").exitCode());
    }
}
