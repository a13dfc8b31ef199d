package io.outpost.gateway;

import com.sun.net.httpserver.HttpServer;
import io.outpost.common.artifact.ArtifactWriter;
import io.outpost.common.artifact.Artifacts;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.ProjectInfo;
import io.outpost.common.model.Resource;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.signing.Ed25519Key;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Not a command: the training run for the gateway's class-data sharing archive, which the package's
 * postinst makes with {@code -XX:ArchiveClassesAtExit} (packaging/src/deb/share/cds-refresh,
 * docs/device.md). It starts a real gateway in this JVM on loopback ports with a one-API artifact
 * signed by a throwaway key, in a temporary directory, sends it what a device's first minutes bring
 * (a proxied request, a refused one, an unknown path, /health and /metrics), then exits, so the
 * archive holds the classes of the start, the request path, the journal and the drain.
 */
public final class GatewayTraining {
    private static final Pattern READY = Pattern.compile("outpost-gateway ready http=\\S+:(\\d+) admin=\\S+:(\\d+)");

    private GatewayTraining() {}

    public static void main(String[] args) {
        try {
            train();
        } catch (Exception e) {
            e.printStackTrace(); // to stderr: cds-refresh keeps it in the role's log
            System.exit(1);      // not a return: the gateway's threads would keep the JVM alive
        }
    }

    private static void train() throws Exception {
        Path dir = Files.createTempDirectory("outpost-gateway-training");
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        writeFiles(dir, "http://127.0.0.1:" + backend.getAddress().getPort());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Thread gateway = new Thread(() -> GatewayMain.run(new String[] {"--config", dir.resolve("gateway.yaml").toString()},
                out, System.err), "training-gateway");
        gateway.start();
        // The gateway's shutdown hook drains and closes the journal; then the files can go.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                gateway.join(TimeUnit.SECONDS.toMillis(30));
                deleteTree(dir);
            } catch (InterruptedException | IOException e) {
                System.err.println("gateway training: cannot delete " + dir + ": " + e);
            }
        }, "training-cleanup"));
        Matcher ready = awaitReady(output, gateway);
        String http = "http://127.0.0.1:" + ready.group(1);
        String admin = "http://127.0.0.1:" + ready.group(2);
        for (int i = 0; i < 50; i++) {
            get(http + "/training/open");
        }
        get(http + "/training/secured"); // no token: 401
        get(http + "/nowhere");          // no route: 404
        get(admin + "/health");
        get(admin + "/metrics");
        backend.stop(0);
        System.exit(0); // the archive is written at exit, after the gateway's drain
    }

    private static void writeFiles(Path dir, String backendUrl) throws IOException {
        EndpointConfig backend = new EndpointConfig(null, null, List.of(backendUrl), null, null);
        List<Resource> resources = List.of(
                new Resource("/open", "GET", null, null, null, null, true, null, null, null, null, null, null, null, null),
                new Resource("/secured", "GET", null, null, null, null, null, null, null, null, null, null, null, null, null));
        ApiDefinition api = new ApiDefinition("Training", "1.0.0", "/training", "training.yaml", backend, null, null, null,
                null, null, null, null, null, null, null, null, null, null, resources);
        Ed25519Key publisher = Ed25519Key.generate();
        Files.write(dir.resolve("training.outpost"), ArtifactWriter.write(Map.of(
                Artifacts.PROJECT, Json.bytes(new ProjectInfo("training", "1.0.0", ProjectInfo.FORMAT_VERSION)),
                Artifacts.POLICIES, Json.bytes(new ThrottlePolicies(null, null, null, null)),
                Artifacts.APIS_DIR + "Training.json", Json.bytes(api)), publisher));
        Files.writeString(dir.resolve("publisher.pub.jwk"), publisher.publicKey().toJson());
        Files.writeString(dir.resolve("gateway.yaml"), """
                listeners: {http: {host: 127.0.0.1, port: 0}}
                admin: {host: 127.0.0.1, port: 0}
                artifact: training.outpost
                stateDir: state
                trust: {publisherKeys: [publisher.pub.jwk]}
                shutdown: {drainTimeoutMillis: 1000}
                """);
    }

    private static Matcher awaitReady(ByteArrayOutputStream output, Thread gateway) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && gateway.isAlive()) {
            Matcher m = READY.matcher(output.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new IllegalStateException("gateway training: the gateway did not get ready: " + output.toString(StandardCharsets.UTF_8));
    }

    private static void get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(5_000);
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
