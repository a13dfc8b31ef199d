package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.process.JvmOptions;
import io.outpost.testing.Paths;
import io.outpost.testing.RawHttp;
import io.outpost.testing.TestArtifacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs go to stderr in every long-running process — the gateway, the sync agent and the reference
 * receiver — and stdout carries only each one's own lines (ready, draining, stopped), so a
 * supervisor or a script can read them. The processes run for real, with their streams apart.
 */
class LogStreamsEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void stdoutCarriesOnlyEachProcesssOwnLinesAndTheLogsGoToStderr() throws Exception {
        ApiDefinition api = new ApiDefinition("logs", "1.0.0", "/other", "l.yaml", null, null, null, null, true, null, null,
                null, null, null, null, null, null, null, List.of());
        TestArtifacts.write(dir, "logs", List.of(api));
        Path gatewayYaml = Files.writeString(dir.resolve("gateway.yaml"), """
                listeners: {http: {host: 127.0.0.1, port: 0}}
                admin: {host: 127.0.0.1, port: 0}
                artifact: logs-1.0.0.outpost
                stateDir: state
                trust: {publisherKeys: [publisher.pub.jwk]}
                analytics: {deviceId: logs-device}
                """);
        List<Started> all = new ArrayList<>();
        try {
            Started receiver = start("mgmt", "sync", "io.outpost.sync.mgmt.MgmtMain", "serve", "--port", "0",
                    "--data", dir.resolve("received").toString());
            all.add(receiver);
            String url = receiver.awaitOut("outpost-mgmt ready http=(\\S+)").group(1);
            Started gateway = start("gateway", "gateway", "io.outpost.gateway.GatewayMain", "--config", gatewayYaml.toString());
            all.add(gateway);
            int port = Integer.parseInt(gateway.awaitOut("outpost-gateway ready http=[^:]+:(\\d+)").group(1));
            Path syncYaml = Files.writeString(dir.resolve("sync.yaml"), """
                    journal: %s
                    stateDir: %s
                    management: {url: "http://%s"}
                    batch: {lingerMillis: 0}
                    """.formatted(dir.resolve("state/journal"), dir.resolve("sync-state"), url));
            Started agent = start("agent", "sync", "io.outpost.sync.SyncMain", "run", "--config", syncYaml.toString(),
                    "--admin-port", "0");
            all.add(agent);
            agent.awaitOut("outpost-sync ready");
            assertEquals(404, RawHttp.get(port, "/logs/none").status());
            Path stored = dir.resolve("received/events/logs-device.ndjson");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(stored) && Files.size(stored) > 0);
        } finally {
            for (Started s : all) {
                s.stop();
            }
        }
        for (Started s : all) {
            List<String> out = Files.readAllLines(s.stdout, StandardCharsets.UTF_8);
            String err = Files.readString(s.stderr, StandardCharsets.UTF_8);
            assertTrue(!out.isEmpty(), s.name + " printed its ready line");
            for (String line : out) {
                assertTrue(line.startsWith("outpost-"), s.name + " stdout carries a log line: " + line + "\nstdout: " + out);
            }
            if (!s.name.equals("mgmt")) { // the receiver has nothing to log in this run
                // an ISO-8601 time first when not under systemd (logging.timestamps: auto), as here
                assertTrue(err.lines().anyMatch(l -> l.matches("(\\S+T\\S+ )?(INFO|WARN) .*")),
                        s.name + " logs on stderr:\n" + err);
            }
        }
    }

    /** A process with its stdout and stderr in two files. */
    private record Started(String name, Process process, Path stdout, Path stderr) {
        Matcher awaitOut(String regex) {
            Pattern p = Pattern.compile(regex);
            Matcher[] m = new Matcher[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                assertTrue(process.isAlive(), name + " exited: " + Files.readString(stderr));
                for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                    if ((m[0] = p.matcher(line)).find()) {
                        return true;
                    }
                }
                return false;
            });
            return m[0];
        }

        void stop() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private Started start(String name, String role, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmOptions.load(Paths.root().resolve("jvm.properties")).forRole(role));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(name, p, out, err);
    }
}
