package io.outpost.sync.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.json.Json;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.MetricsSnapshotRecord;
import io.outpost.journal.Outcome;
import io.outpost.sync.wire.BatchEncoder;
import io.outpost.sync.wire.EncodedBatch;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's /metrics: ingest counts per device, and each device's latest snapshot as outpost_fleet_*, across a restart. */
class ReceiverMetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    Path dir;

    @Test
    void ingestCountsAndTheNewestSnapshotPerDeviceSurviveARestart() throws Exception {
        String data = dir.resolve("mgmt").toString();
        try (JavaProcess p = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "serve", "--port", "0", "--data", data).start()) {
            String base = base(p);
            BatchEncoder enc = new BatchEncoder("edge-1", 7);
            enc.add(new JournalEntry("edge-1:7:0", 0, ExchangeRecord.builder().timeMillis(1).method("GET").status(200)
                    .outcome(Outcome.COMPLETED).build()));
            enc.add(new JournalEntry("edge-1:7:1", 1, snapshot(2_000, 5)));
            enc.add(new JournalEntry("edge-1:7:2", 2, snapshot(1_000, 3))); // older (a late stick): not the latest
            post(base, enc.finish());
            BatchEncoder again = new BatchEncoder("edge-1", 7);
            again.add(new JournalEntry("edge-1:7:1", 1, snapshot(2_000, 5)));
            post(base, again.finish());
            String text = metrics(base);
            assertEquals(3, sample(text, "outpost_mgmt_events_accepted_total{device=\"edge-1\"}"));
            assertEquals(1, sample(text, "outpost_mgmt_duplicates_total{device=\"edge-1\"}"));
            assertEquals(2, sample(text, "outpost_mgmt_batches_total{device=\"edge-1\"}"));
            assertTrue(sample(text, "outpost_mgmt_ingest_bytes_total") > 100, text);
            assertTrue(sample(text, "outpost_mgmt_device_last_seen_timestamp_seconds{device=\"edge-1\"}")
                    > System.currentTimeMillis() / 1000.0 - 60, text);
            assertFleet(text);
            var stats = Json.mapper().readTree(get(base + "/api/v1/stats"));
            assertEquals(5, stats.path("devices").path("edge-1").path("metrics").path("values").path("requests;status_class=2xx").asLong());
        }
        try (JavaProcess p = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "serve", "--port", "0", "--data", data).start()) {
            String text = metrics(base(p));
            assertEquals(3, sample(text, "outpost_mgmt_events_accepted_total{device=\"edge-1\"}"));
            assertFleet(text); // rebuilt from the stored lines
        }
    }

    private static void assertFleet(String text) throws Exception {
        assertEquals(5, sample(text, "outpost_fleet_requests{device=\"edge-1\",status_class=\"2xx\"}"));
        assertEquals(2, sample(text, "outpost_fleet_refusals{device=\"edge-1\"}"));
        assertEquals(2.0, sample(text, "outpost_fleet_snapshot_timestamp_seconds{device=\"edge-1\"}"));
        assertEquals(60, sample(text, "outpost_fleet_uptime_seconds{device=\"edge-1\"}"));
        assertEquals(1, sample(text, "outpost_fleet_info{artifact=\"petstore-1.0.0\",device=\"edge-1\",version=\"0.1.0\"}"));
    }

    private static MetricsSnapshotRecord snapshot(long time, long ok) {
        return new MetricsSnapshotRecord(time, 60, "0.1.0", "petstore-1.0.0",
                Map.of("requests;status_class=2xx", ok, "refusals", 2L));
    }

    private static String base(JavaProcess p) {
        Matcher m = p.awaitLine("outpost-mgmt ready http=(127\\.0\\.0\\.1:\\d+)", Duration.ofSeconds(30));
        return "http://" + m.group(1);
    }

    private static void post(String base, EncodedBatch batch) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ingest"))
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.gzip())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String metrics(String base) throws Exception {
        return get(base + "/metrics");
    }

    /** One series, read by the Prometheus project's own text parser (a scrape it refuses fails the test). */
    static double sample(String text, String series) throws Exception {
        String key = series.contains("{") ? series.replace("\"", "") : series + "{}";
        return PrometheusText.value(PrometheusText.samples(text), key);
    }
}
