package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.EndpointConfig.AdvanceEndpointConfig;
import io.outpost.common.model.EndpointConfig.CircuitBreakerConfig;
import io.outpost.common.model.EndpointConfig.RollingWindow;
import io.outpost.common.model.Resource;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.Paths;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboards in docs/grafana/ query exists in a live {@code /metrics} of a
 * gateway, a sync agent or a receiver (issue 16, Tests), with the labels its {@code by (…)} groups on:
 * a renamed metric breaks a panel silently, here it breaks the build.
 */
class DashboardMetricsEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern METRIC = Pattern.compile("\\b((?:outpost|jvm|process)_[a-z0-9_]+)\\b");
    private static final Pattern BY = Pattern.compile("\\bby \\(([^)]*)\\)");
    /** Added by Prometheus to every series it scrapes, never in an exposition. */
    private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");

    @TempDir
    Path dir;

    @Test
    void everyMetricTheDashboardsQueryIsServed() throws Exception {
        List<String> exprs = new ArrayList<>();
        for (String name : List.of("outpost-device.json", "outpost-fleet.json")) {
            collectQueries(Json.mapper().readTree(Paths.root().resolve("docs/grafana").resolve(name).toFile()), exprs);
        }
        assertTrue(exprs.size() > 30, "queries found: " + exprs.size());

        int receiverPort = freePort();
        Map<String, Double> all = new TreeMap<>();
        try (EchoBackend backend = new EchoBackend("dash");
             JavaProcess receiver = SyncProcesses.startReceiver(dir.resolve("received"), receiverPort);
             JavaProcess gateway = startGateway(backend);
             JavaProcess agent = SyncProcesses.startAgent(syncConfig("http://127.0.0.1:" + receiverPort))) {
            Matcher ready = gateway.awaitLine("outpost-gateway ready http=[^:]+:(\\d+) admin=[^:]+:(\\d+)", Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + ready.group(1);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/dash/hello")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
                assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/nowhere")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            String receiverMetrics = "http://127.0.0.1:" + receiverPort + "/metrics";
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    get(receiverMetrics).contains("outpost_fleet_requests{device=\"dash-dev\",status_class=\"2xx\"} 3"));
            Matcher agentAdmin = agent.awaitLine("outpost-sync ready admin=([^ ]+)", Duration.ofSeconds(5));
            // Each scrape as Prometheus reads it (its project's own text parser): one it refuses fails here.
            for (String url : List.of("http://127.0.0.1:" + ready.group(2) + "/metrics", "http://" + agentAdmin.group(1) + "/metrics",
                    receiverMetrics)) {
                PrometheusText.samples(get(url)).forEach((series, v) -> all.merge(series, v, Double::sum));
            }
        }
        Set<String> missing = new TreeSet<>();
        for (String expr : exprs) {
            Matcher m = METRIC.matcher(expr);
            List<String> names = new ArrayList<>();
            while (m.find()) {
                names.add(m.group(1));
                String name = m.group(1);
                if (all.keySet().stream().noneMatch(series -> series.startsWith(name + "{"))) {
                    missing.add(m.group(1) + " (in " + expr + ")");
                }
            }
            Matcher by = BY.matcher(expr);
            while (by.find() && names.size() == 1) { // grouping labels, where the query names one metric
                for (String label : by.group(1).split(",\\s*")) {
                    String metric = names.get(0);
                    boolean labelled = all.keySet().stream().anyMatch(series -> series.startsWith(metric + "{")
                            && ("," + series.substring(metric.length() + 1)).contains("," + label.trim() + "="));
                    if (!label.isBlank() && !SCRAPE_LABELS.contains(label.trim()) && !labelled) {
                        missing.add(names.get(0) + " has no label " + label.trim() + " (in " + expr + ")");
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "the dashboards query what no process serves:\n" + String.join("\n", missing));
    }

    /** Every panel target's expr and every templating query, rows and nested panels included. */
    private static void collectQueries(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("expr") || e.getKey().equals("definition")) && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectQueries(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectQueries(n, out));
        }
    }

    private JavaProcess startGateway(EchoBackend backend) throws IOException {
        EndpointConfig endpoint = new EndpointConfig("dash-backend", null, List.of(backend.url("/")), new AdvanceEndpointConfig(null,
                null, new CircuitBreakerConfig(new RollingWindow(3, 60_000L, 1_000L), 0.5, 60_000L, List.of())), null);
        Resource hello = new Resource("/hello", "GET", null, null, null, null, null, null, List.of(), null, null, null, null,
                null, null);
        ApiDefinition api = new ApiDefinition("dash", "1.0.0", "/dash", "dash.yaml", endpoint, null, null, null, true, null,
                null, null, null, null, null, null, null, null, List.of(hello));
        TestArtifacts.write(dir, "dash", List.of(api));
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                listeners:
                  http: {host: 127.0.0.1, port: 0}
                admin: {host: 127.0.0.1, port: 0}
                artifact: dash-1.0.0.outpost
                stateDir: state
                trust:
                  publisherKeys: [publisher.pub.jwk]
                analytics:
                  deviceId: dash-dev
                  metricsSnapshotSeconds: 1
                """);
        return JavaProcess.gateway("--config", yaml.toString()).start();
    }

    private Path syncConfig(String url) throws IOException {
        return SyncProcesses.syncYaml(dir.resolve("sync.yaml"), dir.resolve("state/journal"), dir.resolve("sync-state"), url, "");
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
