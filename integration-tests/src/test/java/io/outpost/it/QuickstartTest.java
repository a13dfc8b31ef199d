package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.json.Json;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.Paths;
import io.outpost.testing.RawHttp;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: sample backend + gateway answer, and stopping the quickstart stops them. */
class QuickstartTest {

    @Test
    void quickstartServesTheSampleAndStopsCleanly(@TempDir Path home) throws Exception {
        try (JavaProcess quickstart = JavaProcess.toolkit("quickstart", "--http-port", "0", "--admin-port", "0",
                        "--backend-port", "0", "--receiver-port", "0", "--agent-admin-port", "0")
                .env("OUTPOST_HOME", home.toString())
                .env("OUTPOST_LAUNCHER", Paths.root().resolve("outpost").toString())
                .start()) {
            Matcher pets = quickstart.awaitLine("curl -i http://127\\.0\\.0\\.1:(\\d+)/petstore/v1/pets$", Duration.ofSeconds(120));
            int port = Integer.parseInt(pets.group(1));
            int backendPort = Integer.parseInt(quickstart.awaitLine("sample backend listening on 127\\.0\\.0\\.1:(\\d+)",
                    Duration.ofSeconds(5)).group(1));

            RawHttp.Response list = RawHttp.get(port, "/petstore/v1/pets");
            assertEquals(200, list.status(), list.body());
            assertTrue(list.body().contains("\"name\":\"Rex\""), list.body());
            try (RawHttp http = new RawHttp(port)) {
                String body = "{\"name\":\"Kitty\"}";
                http.send("POST /petstore/v1/pets HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body);
                RawHttp.Response created = http.read();
                assertEquals(201, created.status(), created.body());
                assertTrue(created.body().contains("Kitty"));
            }
            assertEquals(401, RawHttp.get(port, "/petstore/v1/admin/stats").status());
            // The quickstart's gateway.yaml turns the access log on: one line per exchange, the resource template, the fault code.
            quickstart.awaitLine("INFO access - id=\\S+ api=\\S+ resource=/pets method=POST status=201 fault=0 ", Duration.ofSeconds(10));
            quickstart.awaitLine("INFO access - .* method=GET status=401 fault=9009\\d\\d ", Duration.ofSeconds(10));

            // The three exchanges above were journaled by the gateway and forwarded by the sync agent.
            int receiverPort = Integer.parseInt(quickstart.awaitLine("curl -s http://127\\.0\\.0\\.1:(\\d+)/api/v1/stats",
                    Duration.ofSeconds(5)).group(1));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String[] last = {""};
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    HttpResponse<String> stats = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + receiverPort + "/api/v1/stats")).build(), HttpResponse.BodyHandlers.ofString());
                    last[0] = stats.statusCode() + " " + stats.body();
                    return stats.statusCode() == 200 && Json.mapper().readTree(stats.body()).path("accepted").asLong() >= 3;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the receiver did not get the 3 events; last stats: " + last[0] + "\n"
                        + quickstart.output(), e);
            }

            quickstart.stop(); // SIGTERM, as Ctrl-C would deliver SIGINT: both run the shutdown path
            assertThrows(ConnectException.class, () -> RawHttp.get(port, "/petstore/v1/pets"), "gateway stopped");
            assertThrows(ConnectException.class, () -> RawHttp.get(backendPort, "/v1/pets"), "backend stopped");
            assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + receiverPort + "/api/v1/stats")).build(), HttpResponse.BodyHandlers.ofString()),
                    "receiver stopped");
        }
    }
}
