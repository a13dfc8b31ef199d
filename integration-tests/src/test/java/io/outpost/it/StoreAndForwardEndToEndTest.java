package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.Emulation;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestArtifacts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole store-and-forward path with every part a real process on real files: the gateway
 * journals each exchange into its Chronicle Queue, the sync agent forwards it, the reference
 * receiver stores it once per event id. The uplink is down, comes back, and the gateway is
 * killed with SIGKILL under load — nothing committed to the journal is lost.
 */
class StoreAndForwardEndToEndTest {
    private static final String DEVICE = "it-device";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void hundredThousandRequestsWhileTheReceiverIsDownAllArriveInOrderOnceItIsUp(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("sf")) {
            Path gatewayYaml = gatewayConfig(dir, backend);
            int receiverPort = freePort();
            Path syncYaml = syncConfig(dir, "http://127.0.0.1:" + receiverPort);
            try (JavaProcess gateway = startGateway(gatewayYaml);
                 JavaProcess agent = SyncProcesses.startAgent(syncYaml)) {
                int port = port(gateway);
                long answered = new Load(port, 4, 16).run(100_000);
                assertEquals(100_000, answered);

                try (JavaProcess receiver = SyncProcesses.startReceiver(dir.resolve("received"), receiverPort)) {
                    await().atMost(Emulation.scale(Duration.ofSeconds(120))).pollInterval(Duration.ofMillis(500))
                            .until(() -> stats(receiverPort).path("accepted").asLong() >= 100_000);
                    JsonNode stats = stats(receiverPort);
                    assertEquals(100_000, stats.path("accepted").asLong(), stats.toString());
                    List<Long> indexes = storedIndexes(dir.resolve("received"));
                    assertEquals(100_000, indexes.size());
                    assertEquals(100_000, new HashSet<>(indexes).size(), "distinct ids");
                    for (int i = 1; i < indexes.size(); i++) {
                        assertTrue(indexes.get(i) > indexes.get(i - 1), "journal order kept at " + i);
                    }
                }
            }
        }
    }

    @Test
    @Tag("arm") // arm-test/run.sh's end-to-end path on aarch64: gateway -> journal -> agent -> receiver, with SIGKILLs
    void everyCommittedEventArrivesAcrossThreeGatewayKills(@TempDir Path dir) throws Exception {
        try (EchoBackend backend = new EchoBackend("sf-kill")) {
            Path gatewayYaml = gatewayConfig(dir, backend);
            int receiverPort = freePort();
            Path syncYaml = syncConfig(dir, "http://127.0.0.1:" + receiverPort);
            JavaProcess first = startGateway(gatewayYaml); // the agent waits for a journal to exist
            try (JavaProcess receiver = SyncProcesses.startReceiver(dir.resolve("received"), receiverPort);
                 JavaProcess agent = SyncProcesses.startAgent(syncYaml)) {
                long answered = 0;
                for (int kill = 0; kill < 3; kill++) {
                    JavaProcess gateway = kill == 0 ? first : startGateway(gatewayYaml);
                    Load load = new Load(port(gateway), 2, 8);
                    AtomicBoolean stop = new AtomicBoolean();
                    Thread loader = new Thread(() -> load.runUntil(stop));
                    loader.start();
                    await().atMost(Emulation.scale(Duration.ofSeconds(60))).until(() -> load.answered.get() >= 3_000);
                    gateway.process().destroyForcibly(); // SIGKILL under load
                    gateway.process().waitFor();
                    stop.set(true);
                    loader.join(10_000);
                    answered += load.answered.get();
                }
                JavaProcess last = startGateway(gatewayYaml);
                try (last) {
                    // Everything in the journal (the part the gateway managed to commit before each
                    // kill) must reach the receiver; read it from the files themselves.
                    Set<String> committed = new HashSet<>();
                    try (JournalReader reader = JournalReader.open(dir.resolve("state/journal"))) {
                        reader.seekAfter(-1);
                        for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                            committed.add(e.get().id());
                        }
                    }
                    assertTrue(committed.size() >= answered * 9 / 10,
                            "the journal holds most answered exchanges: " + committed.size() + " of " + answered);
                    await().atMost(Emulation.scale(Duration.ofSeconds(60))).pollInterval(Duration.ofMillis(500)).until(() ->
                            storedIds(dir.resolve("received")).containsAll(committed));
                    JsonNode stats = stats(receiverPort);
                    assertEquals(stats.path("accepted").asLong(), new HashSet<>(storedIds(dir.resolve("received"))).size(),
                            "each event stored once: " + stats);
                }
            }
        }
    }

    // ---- parts ------------------------------------------------------------------------------------

    private static Path gatewayConfig(Path dir, EchoBackend backend) throws IOException {
        EndpointConfig endpoint = new EndpointConfig(null, null, List.of(backend.url("/")), null, null);
        Resource get = new Resource("/hello", "GET", null, null, null, null, null, null, List.of(), null, null, null, null,
                null, null);
        ApiDefinition api = new ApiDefinition("sf", "1.0.0", "/sf", "sf.yaml", endpoint, null, null, null, true, null, null,
                null, null, null, null, null, null, null, List.of(get));
        TestArtifacts.write(dir, "sf", List.of(api));
        Path yaml = dir.resolve("gateway.yaml");
        Files.writeString(yaml, """
                listeners:
                  http: {host: 127.0.0.1, port: 0}
                admin: {host: 127.0.0.1, port: 0}
                artifact: sf-1.0.0.outpost
                stateDir: state
                trust:
                  publisherKeys: [publisher.pub.jwk]
                analytics:
                  deviceId: %s
                """.formatted(DEVICE));
        return yaml;
    }

    private static Path syncConfig(Path dir, String url) throws IOException {
        Path yaml = dir.resolve("sync.yaml");
        Files.writeString(yaml, """
                journal: %s
                stateDir: %s
                management:
                  url: %s
                  requestTimeoutMillis: 5000
                batch:
                  maxEvents: 5000
                backoff:
                  initialMillis: 100
                  maxMillis: 1000
                """.formatted(dir.resolve("state/journal"), dir.resolve("sync-state"), url));
        return yaml;
    }

    private static JavaProcess startGateway(Path config) throws IOException {
        JavaProcess p = JavaProcess.gateway("--config", config.toString()).start();
        p.awaitLine("outpost-gateway ready", Duration.ofSeconds(60));
        return p;
    }

    private static int port(JavaProcess gateway) {
        Matcher m = gateway.awaitLine("outpost-gateway ready http=[^:]+:(\\d+)", Duration.ofSeconds(5));
        return Integer.parseInt(m.group(1));
    }

    private static JsonNode stats(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body());
    }

    private static List<JsonNode> stored(Path data) throws IOException {
        Path file = data.resolve("events").resolve(DEVICE + ".ndjson");
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            // The receiver may be appending right now: only whole (newline-terminated) lines count.
            String content = Files.readString(file, StandardCharsets.UTF_8);
            for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
                if (!line.isEmpty()) {
                    out.add(Json.mapper().readTree(line));
                }
            }
        }
        return out;
    }

    private static List<Long> storedIndexes(Path data) throws IOException {
        return stored(data).stream().map(n -> n.path("index").asLong()).toList();
    }

    private static List<String> storedIds(Path data) throws IOException {
        return stored(data).stream().map(n -> n.path("id").asText()).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A load generator on keep-alive connections with pipelining: one in ten requests goes through
     * to the backend, the rest are answered 404 by the gateway itself (journaled all the same).
     */
    private static final class Load {
        final AtomicLong answered = new AtomicLong();
        private final int port;
        private final int connections;
        private final int depth;

        Load(int port, int connections, int depth) {
            this.port = port;
            this.connections = connections;
            this.depth = depth;
        }

        long run(long total) throws InterruptedException {
            AtomicLong issued = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Thread t = new Thread(() -> drive(() -> issued.getAndIncrement() < total));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            return answered.get();
        }

        void runUntil(AtomicBoolean stop) {
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Thread t = new Thread(() -> drive(() -> !stop.get()));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void drive(java.util.function.BooleanSupplier more) {
            byte[] hello = "GET /sf/hello HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] missing = "GET /nowhere HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
                long n = 0;
                while (true) {
                    int sent = 0;
                    while (sent < depth && more.getAsBoolean()) {
                        out.write(n++ % 10 == 0 ? hello : missing);
                        sent++;
                    }
                    if (sent == 0) {
                        return;
                    }
                    out.flush();
                    for (int i = 0; i < sent; i++) {
                        readResponse(in);
                        answered.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // the gateway was killed under us: what was answered is counted
            }
        }

        private static void readResponse(InputStream in) throws IOException {
            int length = 0;
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed");
                }
                if (b == '\n') {
                    String l = line.toString().trim();
                    if (l.isEmpty()) {
                        break;
                    }
                    if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(l.substring(15).trim());
                    }
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
            if (in.readNBytes(length).length < length) {
                throw new IOException("closed");
            }
        }
    }
}
