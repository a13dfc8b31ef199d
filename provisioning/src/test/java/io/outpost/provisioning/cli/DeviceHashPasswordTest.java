package io.outpost.provisioning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.common.credentials.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The device CLI's {@code outpost hash-password}: the same implementation as the toolkit's (whose
 * HashPasswordCommandTest covers the refusals in depth), here on the device's own entry point.
 */
class DeviceHashPasswordTest {
    record Result(int exitCode, String out, String err) { }

    private static synchronized Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DeviceCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return new Result(cli.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void hashesTheOneLineOnStdinForGatewayYaml() {
        Result r = run("correct horse\n", "hash-password", "--memory", "1024", "--iterations", "1");
        assertEquals(0, r.exitCode(), r.toString());
        String line = r.out().strip();
        assertTrue(line.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), line);
        assertTrue(PasswordHash.parse(line).matches("correct horse".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void apiKeyPrintsTheKeyThenItsStoredLine() {
        Result r = run("", "hash-password", "--api-key");
        assertEquals(0, r.exitCode(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(ApiKeyHash.parse(lines[1]).matches(lines[0]));
    }

    @Test
    void refusalsAreUsageErrorsWithoutEchoingThePassword() {
        Result stray = run("", "hash-password", "hunter2");
        assertEquals(2, stray.exitCode());
        assertTrue(stray.err().contains("no password on the command line"), stray.err());
        assertFalse(stray.err().contains("hunter2"), stray.err());
        assertEquals(2, run("", "hash-password").exitCode(), "empty password");
        assertEquals(2, run("", "hash-password", "--api-key", "--algorithm", "bcrypt").exitCode());
    }
}
