package io.outpost.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import io.outpost.testing.Paths;
import io.outpost.testing.RawHttp;
import java.net.ConnectException;
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
                        "--backend-port", "0")
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

            quickstart.stop(); // SIGTERM, as Ctrl-C would deliver SIGINT: both run the shutdown path
            assertThrows(ConnectException.class, () -> RawHttp.get(port, "/petstore/v1/pets"), "gateway stopped");
            assertThrows(ConnectException.class, () -> RawHttp.get(backendPort, "/v1/pets"), "backend stopped");
        }
    }
}
