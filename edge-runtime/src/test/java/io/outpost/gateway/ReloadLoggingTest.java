package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.model.ApiDefinition;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload puts gateway.yaml's logging levels in force (issue 16): a real gateway at the default
 * level says nothing of a client connection closed for idleness (a debug line of the backend area);
 * after a reload setting that area to debug it does. Turning the access log on is refused by a
 * reload, naming logging.accessLog: it is composed into the proxy once, at the start.
 */
class ReloadLoggingTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String IDLE_LINE = "idle for 1 s";

    @Test
    void reloadAppliesLevelsAndRefusesTheAccessLog(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("backend")) {
            ApiDefinition a = api("a", "/a", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/x")));
            GatewayFixture f = new GatewayFixture(dir, List.of(a), "", "  idleTimeoutSeconds: 1\n");
            try (GatewayFixture.Running gw = f.startWithSighup(false)) {
                requestThenIdleClose(gw.httpPort()); // at info: the close is not logged

                Files.writeString(f.config, Files.readString(f.config) + "logging:\n  areas:\n    backend: debug\n");
                JavaProcess.Result cmd = ReloadTest.reloadCommand(f, gw);
                assertEquals(0, cmd.exitCode(), cmd.output());
                assertTrue(cmd.output().contains("reload applied"), cmd.output());

                requestThenIdleClose(gw.httpPort());
                await().atMost(LIMIT).until(() -> gw.process().output().contains(IDLE_LINE));
                // One line: the close before the reload (written to the same stderr, earlier) was not logged.
                assertEquals(1, ReloadTest.count(gw.process().output(), IDLE_LINE), gw.process().output());

                Files.writeString(f.config, Files.readString(f.config) + "  accessLog: true\n");
                cmd = ReloadTest.reloadCommand(f, gw);
                assertEquals(GatewayMain.EXIT_RELOAD_REFUSED, cmd.exitCode(), cmd.output());
                assertTrue(cmd.output().contains("logging.accessLog needs a restart"), cmd.output());
                gw.stopAndCheckLeaks();
            }
        }
    }

    /** One request on a keep-alive connection, then waits until the gateway closes it for idleness. */
    private static void requestThenIdleClose(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) LIMIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write("GET /a/x HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // returns at the gateway's close
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }
}
