package io.outpost.toolkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.common.credentials.PasswordHash;
import io.outpost.toolkit.OutpostCli;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * outpost hash-password as a user runs it with a password on stdin (the tests have no console):
 * stdout carries the one line for gateway.yaml and nothing else, and what it prints is read back by
 * the same parsers the gateway uses.
 */
class HashPasswordCommandTest {
    @TempDir
    Path home;

    private record Result(int exit, String out, String err) {}

    private Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OutpostCli(home));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "hash-password";
        System.arraycopy(args, 0, all, 1, args.length);
        InputStream saved = System.in;
        synchronized (HashPasswordCommandTest.class) {
            try {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
                return new Result(cli.execute(all), out.toString(), err.toString());
            } finally {
                System.setIn(saved);
            }
        }
    }

    private static String onlyLine(Result r) {
        assertEquals(0, r.exit(), r.toString());
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
        Result tooLong = run("x".repeat(73) + "\n", "--algorithm", "bcrypt", "--cost", "4");
        assertEquals(2, tooLong.exit());
        assertTrue(tooLong.err().contains("72 bytes"), tooLong.err());
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithoutRepeatingIt() {
        Result r = run("", "hunter2");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no password on the command line"), r.err());
        assertFalse(r.err().contains("hunter2") || r.out().contains("hunter2"), r.toString());
    }

    @Test
    void emptySeveralLinesAndParametersTheGatewayWouldRefuse() {
        assertTrue(run("").err().contains("the password is empty"));
        assertTrue(run("\n").err().contains("the password is empty"));
        Result two = run("one\ntwo\n");
        assertEquals(2, two.exit());
        assertTrue(two.err().contains("more than one line"), two.err());
        Result big = run("pw\n", "--memory", "65536");
        assertEquals(2, big.exit());
        assertTrue(big.err().contains("m=65536") && big.err().contains("64 MB heap"), big.err());
        assertEquals("", big.out());
        assertEquals(2, run("pw\n", "--algorithm", "bcrypt", "--cost", "15").exit());
        assertEquals(2, run("pw\n", "--algorithm", "scrypt").exit());
    }

    @Test
    void apiKeyPrintsTheKeyThenItsStoredLine() {
        Result r = run("");
        Result key = run("", "--api-key");
        assertEquals(0, key.exit(), key.toString());
        String[] lines = key.out().split("\n");
        assertEquals(2, lines.length, key.out());
        assertTrue(lines[0].startsWith("opk_"), lines[0]);
        ApiKeyHash stored = ApiKeyHash.parse(lines[1]);
        assertTrue(stored.matches(lines[0]));
        assertEquals(stored.keyId(), ApiKeyHash.keyIdOf(lines[0]));
        assertTrue(key.err().contains("security.apiKeys.static"), key.err());
        assertFalse(run("", "--api-key").out().contains(lines[0]), "a new key each time");
        assertEquals(2, run("", "--api-key", "--algorithm", "bcrypt").exit());
        assertEquals(2, r.exit());
    }
}
