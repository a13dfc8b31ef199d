package io.outpost.gateway;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.RawHttp;
import io.outpost.testing.TestArtifacts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload without a restart (issue 16): a real gateway process under steady keep-alive traffic gets
 * SIGHUP after its artifact was replaced; a good artifact serves its new routes with no request
 * failed, a tampered one and a restart-only change are refused (the old generation serves on, the
 * refusal is logged, on /health, and `outpost gateway reload` exits non-zero).
 */
class ReloadTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void sighupSwapsUnderTrafficAndRefusesWhatItCannotApply(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("backend")) {
            ApiDefinition a = api("a", "/a", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/x")));
            ApiDefinition b = api("b", "/b", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/y")));
            GatewayFixture f = new GatewayFixture(dir, List.of(a));
            try (GatewayFixture.Running gw = f.startWithSighup(false)) {
                assertEquals(404, RawHttp.get(gw.httpPort(), "/b/y").status());
                Traffic traffic = new Traffic(gw.httpPort(), 4);
                try {
                    await().atMost(LIMIT).until(() -> traffic.ok.get() > 200);
                    install(f, dir, List.of(a, b), false);
                    hup(gw);
                    await().atMost(LIMIT).until(() -> RawHttp.get(gw.httpPort(), "/b/y").status() == 200);
                    long atSwap = traffic.ok.get();
                    await().atMost(LIMIT).until(() -> traffic.ok.get() > atSwap + 400); // and on, on the new generation
                } finally {
                    traffic.stop();
                }
                assertEquals(List.of(), new ArrayList<>(traffic.failures), "failed requests across the reload");
                assertTrue(gw.process().output().contains("reload (SIGHUP) applied: generation 2 serves test-1.0.0"),
                        gw.process().output());
                assertEquals("applied", lastReload(gw).get("result"));

                // A tampered artifact: refused, logged, on /health; the running generation serves on.
                install(f, dir, List.of(a), true);
                hup(gw);
                await().atMost(LIMIT).until(() -> gw.process().output().contains("reload (SIGHUP) REFUSED"));
                assertTrue(gw.process().output().contains("refusing artifact"), gw.process().output());
                Map<String, Object> last = lastReload(gw);
                assertEquals("refused", last.get("result"));
                assertTrue(String.valueOf(last.get("message")).contains("refusing artifact"), last.toString());
                assertEquals(200, RawHttp.get(gw.httpPort(), "/b/y").status());
                JavaProcess.Result cmd = reloadCommand(f, gw);
                assertEquals(GatewayMain.EXIT_RELOAD_REFUSED, cmd.exitCode(), cmd.output());
                assertTrue(cmd.output().contains("REFUSED") && cmd.output().contains("refusing artifact"), cmd.output());

                // A good artifact again, but a port changed: a restart-only setting, refused by name.
                install(f, dir, List.of(a), false);
                Files.writeString(f.config, Files.readString(f.config).replace("admin:\n  host: 127.0.0.1\n  port: 0",
                        "admin:\n  host: 127.0.0.1\n  port: 1"));
                cmd = reloadCommand(f, gw);
                assertEquals(GatewayMain.EXIT_RELOAD_REFUSED, cmd.exitCode(), cmd.output());
                assertTrue(cmd.output().contains("admin needs a restart"), cmd.output());
                // an operator warning, written by the warnings' own thread: soon, and once
                await().atMost(LIMIT).until(() -> gw.process().output().contains("reload (POST /reload) REFUSED"));
                assertEquals(1, count(gw.process().output(), "reload (SIGHUP) REFUSED"), gw.process().output());
                assertEquals(200, RawHttp.get(gw.httpPort(), "/b/y").status(), "the old generation still serves");
                assertEquals(200, RawHttp.get(gw.httpPort(), "/a/x").status());
                gw.stopAndCheckLeaks();
            }
        }
    }

    @Test
    void aGatewayStartedWithSighupIgnoredSaysSoAndReloadsOnRequest(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("backend")) {
            ApiDefinition a = api("a", "/a", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/x")));
            ApiDefinition b = api("b", "/b", endpoint(backend.url("/")), true, null, List.of(resource("GET", "/y")));
            GatewayFixture f = new GatewayFixture(dir, List.of(a));
            try (GatewayFixture.Running gw = f.startWithSighup(true)) { // under nohup
                assertTrue(gw.process().output().contains("SIGHUP is ignored in this process"), gw.process().output());
                install(f, dir, List.of(a, b), false);
                JavaProcess.Result cmd = reloadCommand(f, gw);
                assertEquals(0, cmd.exitCode(), cmd.output());
                assertEquals(200, RawHttp.get(gw.httpPort(), "/b/y").status());
                gw.stopAndCheckLeaks();
            }
        }
    }

    /** Replaces the gateway's artifact file in one rename, signed by the trusted publisher (then damaged, if asked). */
    static void install(GatewayFixture f, Path dir, List<ApiDefinition> apis, boolean tamper) throws Exception {
        Path staging = Files.createTempDirectory(dir, "next");
        Path built = TestArtifacts.write(staging, "test", apis, f.publisher);
        if (tamper) {
            byte[] bytes = Files.readAllBytes(built);
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(built, bytes);
        }
        Files.move(built, f.artifact, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void hup(GatewayFixture.Running gw) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(gw.process().process().pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static JavaProcess.Result reloadCommand(GatewayFixture f, GatewayFixture.Running gw) throws Exception {
        // with the reload client's own JVM options, as ExecReload runs it (jvm.gateway-reload)
        return JavaProcess.of("gateway-reload", GatewayMain.class.getName(), "reload", "--config", f.config.toString(),
                "--admin-port", Integer.toString(gw.adminPort())).run(LIMIT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastReload(GatewayFixture.Running gw) throws Exception {
        RawHttp.Response health = RawHttp.get(gw.adminPort(), "/health");
        Map<String, Object> body = Json.read(health.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.class);
        assertEquals("outpost-gateway", body.get("service"));
        return (Map<String, Object>) body.get("lastReload");
    }

    /** Client threads, each on its own keep-alive connection, asking /a/x in a loop; every non-200 is kept. */
    private static final class Traffic {
        final AtomicLong ok = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Traffic(int port, int clients) {
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(() -> {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/a/x"))
                            .timeout(Duration.ofSeconds(20)).build();
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }, "client-" + i);
                t.start();
                threads.add(t);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }
}
