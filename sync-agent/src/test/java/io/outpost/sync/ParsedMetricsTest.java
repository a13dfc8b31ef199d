package io.outpost.sync;

import static io.outpost.testing.PrometheusText.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's test for the agent and the receiver: after known traffic (events journaled, forwarded,
 * accepted) both {@code /metrics} are read by the Prometheus project's own text parser and count what
 * was sent. A scrape that parser refuses fails here.
 */
class ParsedMetricsTest {
    private static final String DEVICE = "edge-parsed";
    private static final int SENT = 250;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    Path dir;

    @Test
    void theAgentAndTheReceiverCountWhatWasSent() throws Exception {
        Path journalDir = dir.resolve("journal");
        try (Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0);
             Journal journal = Journal.create(journalDir, DEVICE);
             Agent agent = Agent.start(new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url())
                     .write(dir.resolve("sync.yaml")))) {
            journal.append(SENT);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> receiver.accepted() == SENT && agent.metric("outpost_sync_backlog_events") == 0);

            Map<String, Double> a = PrometheusText.samples(agent.metrics());
            assertEquals(SENT, value(a, "outpost_sync_events_forwarded_total{}"));
            assertEquals(0.0, value(a, "outpost_sync_backlog_events{}"));
            assertEquals(0.0, value(a, "outpost_sync_duplicates_reported_total{}"));
            assertEquals(0.0, value(a, "outpost_sync_failures_total{kind=network}"));
            assertEquals(journal.lastIndex(), value(a, "outpost_sync_acknowledged_index{}"));
            assertTrue(value(a, "outpost_sync_batches_total{}") >= 1);
            assertTrue(value(a, "outpost_sync_bytes_sent_total{}") > 0);
            assertTrue(value(a, "outpost_sync_last_success_timestamp_seconds{}") > System.currentTimeMillis() / 1000.0 - 60);
            assertTrue(a.keySet().stream().anyMatch(k -> k.startsWith("outpost_build_info{")), a.keySet().toString());
            assertTrue(value(a, "jvm_memory_used_bytes{area=heap}") > 0);

            Map<String, Double> r = PrometheusText.samples(get(receiver.url() + "/metrics"));
            String d = "{device=" + DEVICE + "}";
            assertEquals(SENT, value(r, "outpost_mgmt_events_accepted_total" + d));
            assertEquals(0.0, value(r, "outpost_mgmt_duplicates_total" + d));
            assertEquals(value(a, "outpost_sync_batches_total{}"), value(r, "outpost_mgmt_batches_total" + d),
                    "every batch the agent counts, the receiver took");
            assertTrue(value(r, "outpost_mgmt_ingest_bytes_total{}") > 0);
            assertTrue(value(r, "outpost_mgmt_device_last_seen_timestamp_seconds" + d) > System.currentTimeMillis() / 1000.0 - 60);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }
}
