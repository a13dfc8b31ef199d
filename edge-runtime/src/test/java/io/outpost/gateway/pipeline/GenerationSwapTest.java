package io.outpost.gateway.pipeline;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.GatewayFixture;
import io.outpost.testing.RawHttp;
import io.outpost.testing.RecordingBackend;
import io.outpost.testing.TestArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generations swapped every 2 ms under steady traffic in a real gateway process: two artifacts
 * whose routes send the same paths to different backends. No request fails, and every exchange is
 * served wholly by one generation: the backend that received it is the one its deciding stage's
 * generation named.
 */
class GenerationSwapTest {
    private static final Pattern DECIDED = Pattern.compile("decided (\\S+) (\\S+)");

    @Test
    void swapsUnderTrafficFailNothingAndEachExchangeKeepsItsGeneration(@TempDir Path dir) throws Exception {
        try (RecordingBackend a = new RecordingBackend(); RecordingBackend b = new RecordingBackend()) {
            GatewayFixture fixture = new GatewayFixture(dir, List.of(api("open", "/open", endpoint(a.url("/")), true, null,
                    List.of(resource("GET", "/get"), resource("POST", "/post")))));
            Path second = TestArtifacts.write(Files.createDirectories(dir.resolve("second")), "test",
                    List.of(api("open", "/open", endpoint(b.url("/")), true, null,
                            List.of(resource("GET", "/get"), resource("POST", "/post")))), fixture.publisher);
            fixture.env("OUTPOST_TEST_SECOND_ARTIFACT", second.toString());
            int clients = 4;
            int perClient = 200;
            try (GatewayFixture.Running gateway = fixture.start(SwappingGatewayMain.class)) {
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                try {
                    List<Future<Integer>> done = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        int client = c;
                        done.add(pool.submit(() -> {
                            int ok = 0;
                            try (RawHttp http = new RawHttp(gateway.httpPort())) {
                                for (int i = 0; i < perClient; i++) {
                                    String id = "c" + client + "-" + i;
                                    http.send(i % 2 == 0
                                            ? "GET /open/get HTTP/1.1\r\nHost: gw\r\nX-Correlation-ID: " + id + "\r\n\r\n"
                                            : "POST /open/post HTTP/1.1\r\nHost: gw\r\nX-Correlation-ID: " + id
                                                    + "\r\nContent-Length: 4\r\n\r\nbody");
                                    assertEquals(200, http.read().status(), id);
                                    ok++;
                                }
                            }
                            return ok;
                        }));
                    }
                    int ok = 0;
                    for (Future<Integer> f : done) {
                        ok += f.get();
                    }
                    assertEquals(clients * perClient, ok, "no request failed across the swaps");
                } finally {
                    pool.shutdownNow();
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> a.complete().size() + b.complete().size() == clients * perClient);
                Map<String, String> decided = new HashMap<>();
                Matcher m = DECIDED.matcher(gateway.process().output());
                while (m.find()) {
                    decided.put(m.group(1), m.group(2));
                }
                assertEquals(clients * perClient, decided.size(), "one decision per exchange");
                Set<String> servedByA = ids(a);
                Set<String> servedByB = ids(b);
                decided.forEach((id, url) -> {
                    boolean viaA = url.equals(a.url("/"));
                    assertTrue(viaA ? servedByA.contains(id) : servedByB.contains(id),
                            id + " was decided by the generation of " + url + " but served elsewhere");
                });
                long decidedByA = decided.values().stream().filter(u -> u.equals(a.url("/"))).count();
                assertTrue(decidedByA > 0 && decidedByA < decided.size(), "both generations served: " + decidedByA + " of " + decided.size());
                assertFalse(gateway.process().output().contains("Exception"), gateway.process().output());
            }
        }
    }

    private static Set<String> ids(RecordingBackend backend) {
        return backend.complete().stream().map(r -> r.field("X-Correlation-ID")).collect(Collectors.toSet());
    }
}
