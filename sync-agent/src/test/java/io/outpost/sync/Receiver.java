package io.outpost.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.testing.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** The reference receiver ({@code outpost mgmt serve}) as a real subprocess, for tests. */
final class Receiver implements AutoCloseable {
    static final String MAIN = "io.outpost.sync.mgmt.MgmtMain";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Path data;
    final JavaProcess process;
    final int port;
    final String scheme;

    private Receiver(Path data, JavaProcess process, int port, String scheme) {
        this.data = data;
        this.process = process;
        this.port = port;
        this.scheme = scheme;
    }

    /** Starts on {@code port} (0 = any) with fault injection enabled; extra args e.g. --bundles, TLS. */
    static Receiver start(Path data, int port, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port), "--data", data.toString(), "--test-faults"));
        args.addAll(List.of(extra));
        JavaProcess p = JavaProcess.of("sync", MAIN, args.toArray(String[]::new)).start();
        try {
            Matcher m = p.awaitLine("outpost-mgmt ready (https?)=127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(30));
            return new Receiver(data, p, Integer.parseInt(m.group(2)), m.group(1));
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    /** GET /api/v1/stats over plain http (TLS tests read the files instead). */
    JsonNode stats() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("stats: " + r.statusCode() + " " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    long accepted() throws IOException, InterruptedException {
        return stats().path("accepted").asLong();
    }

    long duplicates() throws IOException, InterruptedException {
        return stats().path("duplicates").asLong();
    }

    void faults(String planJson) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/test/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(planJson)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("faults: " + r.statusCode() + " " + r.body());
        }
    }

    /** The event ids stored for {@code device}, in file (= arrival) order. */
    List<String> storedIds(String device) throws IOException {
        Path file = data.resolve("events").resolve(device + ".ndjson");
        List<String> ids = new ArrayList<>();
        if (!Files.exists(file)) {
            return ids;
        }
        for (String line : wholeLines(file)) {
            ids.add(Json.mapper().readTree(line).path("id").asText());
        }
        return ids;
    }

    /** The receiver may be appending right now: only whole (newline-terminated) lines count. */
    static List<String> wholeLines(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    void stop() throws InterruptedException {
        process.stop();
    }

    @Override
    public void close() {
        process.close();
    }
}
