package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.BuildInfo;
import io.outpost.testing.JavaProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16's one CLI on the gateway: --version in the one format, and the ready line with an IPv6 address. */
class GatewayCommandLineTest {

    @Test
    void versionPrintsComponentVersionAndCommitAndStartsNothing() {
        for (String option : new String[] {"--version", "-V"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = GatewayMain.run(new String[] {option}, new PrintStream(out, true), new PrintStream(err, true));
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            assertEquals(BuildInfo.versionLine("gateway") + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertEquals(0, GatewayMain.run(new String[] {"--help"}, new PrintStream(help, true), System.err));
        assertTrue(help.toString(StandardCharsets.UTF_8).contains("-V, --version"));
    }

    @Test
    void configMistakesPrintInTheOneErrorFormatAtLineStart(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "listeners:\n  http:\n    port: ninety\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatewayMain.run(new String[] {"--config", config.toString(), "--artifact", "x.outpost"},
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
        assertEquals(GatewayMain.EXIT_CONFIG, code);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains(config + ":3:5: error: listeners.http.port: must be a whole number from 0 to 65535 "
                + "(got \"ninety\")"), lines.toString());
    }

    @Test
    void readyLineBracketsAnIpv6Address(@TempDir Path dir) throws Exception {
        GatewayFixture f = new GatewayFixture(dir, List.of(api("a", "/a", endpoint("http://127.0.0.1:1/"), true, null,
                List.of(resource("GET", "/x")))));
        Files.writeString(f.config, Files.readString(f.config).replace("host: 127.0.0.1", "host: \"::1\""));
        try (JavaProcess gateway = JavaProcess.gateway("--config", f.config.toString(), "--artifact", f.artifact.toString())
                .start()) {
            Matcher ready;
            try {
                ready = gateway.awaitLine("outpost-gateway ready http=\\[::1\\]:(\\d+) admin=\\[::1\\]:(\\d+) ",
                        Duration.ofSeconds(60));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no ready line with [::1]:\n" + gateway.output(), e);
            }
            int admin = Integer.parseInt(ready.group(2));
            assertTrue(admin > 0, ready.group());
        }
    }
}
