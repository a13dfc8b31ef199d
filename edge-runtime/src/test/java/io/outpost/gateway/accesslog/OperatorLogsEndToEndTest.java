package io.outpost.gateway.accesslog;

import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.GatewayFixture;
import io.outpost.gateway.TestApis;
import io.outpost.testing.RawHttp;
import io.outpost.testing.RecordingBackend;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gateway.yaml's logging section in a real gateway process: the access log line of a request (its facts,
 * never its credentials), Chronicle's start-up chatter absent, a refused backend said once for a burst,
 * and a level set per area honoured both ways.
 */
class OperatorLogsEndToEndTest {
    private static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ";

    @TempDir
    Path dir;

    @Test
    void accessLogOperatorWarningsAndAreaLevels() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // closed again: connecting is refused
        }
        try (RecordingBackend backend = new RecordingBackend()) {
            GatewayFixture fixture = new GatewayFixture(dir, List.of(
                    TestApis.api("Echo", "/echo", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/items/{id}"))),
                    TestApis.api("Down", "/down", endpoint("http://127.0.0.1:" + closedPort), true, null,
                            List.of(resource("GET", "/x")))), """
                    logging:
                      timestamps: iso
                      accessLog: true
                      areas:
                        journal: warn
                        io.outpost.gateway.proxy.FrontendHandler: debug
                    backends:
                      suspendMillis: 0
                    """, "  requestHeaderTimeoutSeconds: 1\n");
            GatewayFixture.Running gateway = fixture.start();
            try {
                // 1. the access log: the template, not the path; neither the Authorization value nor a query key
                try (RawHttp http = new RawHttp(gateway.httpPort())) {
                    http.send("GET /echo/items/42?apikey=QUERY-SECRET-77 HTTP/1.1\r\nHost: gw\r\n"
                            + "Authorization: Bearer HEADER-SECRET-99\r\nX-Correlation-ID: corr-123\r\n\r\n");
                    assertEquals(200, http.read().status());
                }
                Pattern access = Pattern.compile("^" + ISO + "INFO access - id=corr-123 api=Echo/1\\.0\\.0 resource=/items/\\{id} "
                        + "method=GET status=200 fault=0 outcome=completed gw_us=\\d+ backend_us=\\d+ in=\\d+ out=\\d+$", Pattern.MULTILINE);
                await().atMost(Duration.ofSeconds(10)).until(() -> access.matcher(gateway.process().output()).find());

                // 2. a burst against a backend refusing connections (each request tries it: no suspension): every request 503,
                //    one warning line
                for (int i = 0; i < 20; i++) {
                    assertEquals(503, RawHttp.get(gateway.httpPort(), "/down/x").status());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> count(gateway.process().output()) == 20);
                assertEquals(1, lines(gateway.process().output(), "unreachable"), gateway.process().output());
                assertTrue(gateway.process().output().contains("WARN BackendWarnings - backend 127.0.0.1:" + closedPort
                        + " unreachable: cannot connect to the backend"), gateway.process().output());

                // 3. an area set to debug by logger name: the head timeout's debug line shows
                try (RawHttp http = new RawHttp(gateway.httpPort())) {
                    http.send("GET /echo/items/1 HTTP/1.1\r\nHost: gw\r\n");
                    assertEquals(408, http.read().status());
                }
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> gateway.process().output().contains("DEBUG FrontendHandler - closing "));
            } finally {
                gateway.stopAndCheckLeaks();
            }
            String output = gateway.process().output();
            assertFalse(output.contains("HEADER-SECRET-99"), output);
            assertFalse(output.contains("QUERY-SECRET-77"), output);
            // an area set to warn: the journal's "open" line (info) is not shown
            assertFalse(output.contains("journal " + dir.resolve("state")), output);
            // Chronicle announces itself at info on every start: silenced, and no other info line lacks its area
            assertFalse(Pattern.compile("INFO (Jvm|ChunkedMappedFile|DiskSpaceMonitor|Announcer|SingleChronicleQueue\\w*|Chronicle\\w*) - ")
                    .matcher(output).find(), output);
            for (String line : output.lines().toList()) {
                if (line.contains(" INFO ") || line.contains(" DEBUG ") || line.contains(" WARN ")) {
                    assertTrue(Pattern.compile("^" + ISO).matcher(line).find(), "no ISO time on a log line: " + line);
                }
            }
        }
    }

    private static long lines(String output, String text) {
        return output.lines().filter(l -> l.contains(text)).count();
    }

    private static long count(String output) {
        return output.lines().filter(l -> l.contains("INFO access") && l.contains("resource=/x") && l.contains("status=503")).count();
    }
}
