package io.outpost.it;

import static io.outpost.testing.PrometheusText.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.PrometheusText;
import io.outpost.testing.TestArtifacts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "Fleet view of offline devices": the gateway journals a metrics snapshot at its
 * interval, the snapshot travels with the events — on removable media ({@code outpost sync export},
 * {@code outpost mgmt import}) and through the agent — and the receiver's {@code /metrics} shows the
 * device's counts as {@code outpost_fleet_*{device="…"}}.
 */
class FleetViewEndToEndTest {
    private static final String DEVICE = "fleet-dev";
    private static final int OK = 5;
    private static final int NOT_FOUND = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void aSnapshotFromAnOfflineDeviceArrivesThroughExportAndImport() throws Exception {
        try (EchoBackend backend = new EchoBackend("fleet")) {
            try (JavaProcess gateway = startGateway(backend)) {
                long snapshots = serveAndAwaitASnapshotOfIt(gateway);
                assertTrue(snapshots >= 2, "snapshots journaled: " + snapshots);
                gateway.stop();
                gateway.awaitLine("outpost-gateway stopped", Duration.ofSeconds(10));
            }
        }
        Path usb = dir.resolve("usb");
        JavaProcess.Result export = JavaProcess.of("sync", "io.outpost.sync.SyncMain", "export", "--to", usb.toString(),
                "--config", syncConfig("http://127.0.0.1:9/").toString()).run(Duration.ofSeconds(60));
        assertEquals(0, export.exitCode(), export.output());
        Path received = dir.resolve("received");
        for (int i = 0; i < 2; i++) { // a stick imported twice changes nothing: the snapshots have ids too
            JavaProcess.Result imported = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "import", "--from",
                    usb.toString(), "--data", received.toString()).run(Duration.ofSeconds(60));
            assertEquals(0, imported.exitCode(), imported.output());
        }
        int port = freePort();
        try (JavaProcess receiver = SyncProcesses.startReceiver(received, port)) {
            String text = get("http://127.0.0.1:" + port + "/metrics");
            assertDeviceCounts(text);
            double events = value(PrometheusText.samples(text), "outpost_mgmt_events_accepted_total{device=" + DEVICE + "}");
            assertTrue(events >= OK + NOT_FOUND + 2, "exchanges and snapshots, each once: " + events);
            JsonNode stats = Json.mapper().readTree(get("http://127.0.0.1:" + port + "/api/v1/stats"));
            assertEquals(OK, stats.path("devices").path(DEVICE).path("metrics").path("values").path("requests;status_class=2xx")
                    .asLong(), stats.toString());
        }
    }

    @Test
    void aSnapshotArrivesThroughTheAgent() throws Exception {
        int port = freePort();
        try (EchoBackend backend = new EchoBackend("fleet");
             JavaProcess receiver = SyncProcesses.startReceiver(dir.resolve("received"), port);
             JavaProcess gateway = startGateway(backend);
             JavaProcess agent = SyncProcesses.startAgent(syncConfig("http://127.0.0.1:" + port))) {
            serveAndAwaitASnapshotOfIt(gateway);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertDeviceCounts(get("http://127.0.0.1:" + port + "/metrics")));
        }
    }

    /** The device's snapshot on the receiver's /metrics, read by the Prometheus project's own text parser. */
    private static void assertDeviceCounts(String text) throws Exception {
        Map<String, Double> s = PrometheusText.samples(text);
        String d = "device=" + DEVICE;
        assertEquals(OK, value(s, "outpost_fleet_requests{" + d + ",status_class=2xx}"));
        assertEquals(NOT_FOUND, value(s, "outpost_fleet_requests{" + d + ",status_class=4xx}"));
        assertEquals(NOT_FOUND, value(s, "outpost_fleet_refusals{" + d + "}"));
        assertEquals(NOT_FOUND, value(s, "outpost_fleet_refusals_by_code{code=404," + d + "}"));
        assertEquals(1, value(s, "outpost_fleet_generation{" + d + "}"));
        assertTrue(value(s, "outpost_fleet_journal_appended{" + d + "}") >= OK + NOT_FOUND, text);
        assertTrue(value(s, "outpost_fleet_snapshot_timestamp_seconds{" + d + "}") > System.currentTimeMillis() / 1000.0 - 300);
        assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("outpost_fleet_info{artifact=fl-1.0.0," + d + ",")), text);
    }

    /** Serves {@link #OK} answered and {@link #NOT_FOUND} refused requests; returns once a snapshot taken after them is journaled. */
    private long serveAndAwaitASnapshotOfIt(JavaProcess gateway) throws Exception {
        Matcher ready = gateway.awaitLine("outpost-gateway ready http=[^:]+:(\\d+) admin=[^:]+:(\\d+)", Duration.ofSeconds(60));
        String base = "http://127.0.0.1:" + ready.group(1);
        String health = "http://127.0.0.1:" + ready.group(2) + "/health";
        for (int i = 0; i < OK; i++) {
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/fl/hello")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        for (int i = 0; i < NOT_FOUND; i++) {
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/nowhere")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        // Two more records than now: at least one snapshot taken wholly after the last exchange was counted.
        long now = appended(health);
        await().atMost(Duration.ofSeconds(10)).until(() -> appended(health) >= now + 2);
        return appended(health) - OK - NOT_FOUND;
    }

    private static long appended(String health) throws Exception {
        return Json.mapper().readTree(get(health)).path("journal").path("appended").asLong();
    }

    private JavaProcess startGateway(EchoBackend backend) throws IOException {
        EndpointConfig endpoint = new EndpointConfig(null, null, List.of(backend.url("/")), null, null);
        Resource hello = new Resource("/hello", "GET", null, null, null, null, null, null, List.of(), null, null, null, null,
                null, null);
        ApiDefinition api = new ApiDefinition("fl", "1.0.0", "/fl", "fl.yaml", endpoint, null, null, null, true, null, null,
                null, null, null, null, null, null, null, List.of(hello));
        TestArtifacts.write(dir, "fl", List.of(api));
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                listeners:
                  http: {host: 127.0.0.1, port: 0}
                admin: {host: 127.0.0.1, port: 0}
                artifact: fl-1.0.0.outpost
                stateDir: state
                trust:
                  publisherKeys: [publisher.pub.jwk]
                analytics:
                  deviceId: %s
                  metricsSnapshotSeconds: 1
                """.formatted(DEVICE));
        return JavaProcess.gateway("--config", yaml.toString()).start();
    }

    private Path syncConfig(String url) throws IOException {
        return SyncProcesses.syncYaml(dir.resolve("sync.yaml"), dir.resolve("state/journal"), dir.resolve("sync-state"), url, "");
    }

    static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
