package io.outpost.sync.admin;

import static io.outpost.testing.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.PrometheusText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's metrics on the gateway's library: every documented name, with build info and JVM
 * metrics beside them, read by the Prometheus project's own text parser (PrometheusText).
 */
class AgentExpositionTest {
    @Test
    void everyDocumentedSeriesIsExposedWithTheValuesTheAgentKeeps() throws Exception {
        AgentMetrics m = new AgentMetrics();
        m.eventsForwarded.add(12_345_678);
        m.failure("network");
        m.backlogEvents.set(300);
        m.lastSuccessMillis.set(1_790_000_000_500L);
        m.bundleInstalled("revocations", 3);
        m.bundleRefused("keys", "wrong_key");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, AgentExposition.registry(m).scrape());
        Map<String, Double> s = PrometheusText.samples(out.toString(StandardCharsets.UTF_8));
        Map<String, Double> expected = Map.ofEntries(Map.entry("outpost_sync_events_forwarded_total{}", 1.2345678E7),
                Map.entry("outpost_sync_batches_total{}", 0.0), Map.entry("outpost_sync_bytes_sent_total{}", 0.0),
                Map.entry("outpost_sync_bytes_uncompressed_total{}", 0.0), Map.entry("outpost_sync_duplicates_reported_total{}", 0.0),
                Map.entry("outpost_sync_failures_total{kind=network}", 1.0), Map.entry("outpost_sync_failures_total{kind=too_large}", 0.0),
                Map.entry("outpost_sync_backlog_events{}", 300.0), Map.entry("outpost_sync_acknowledged_index{}", -1.0),
                Map.entry("outpost_sync_last_written_index{}", -1.0),
                Map.entry("outpost_sync_last_success_timestamp_seconds{}", 1.7900000005E9),
                Map.entry("outpost_sync_consecutive_failures{}", 0.0), Map.entry("outpost_sync_next_attempt_timestamp_seconds{}", 0.0),
                Map.entry("outpost_sync_journal_corrupt_skipped_total{}", 0.0),
                Map.entry("outpost_sync_journal_budget_skipped_ranges_total{}", 0.0),
                Map.entry("outpost_sync_journal_budget_lost_events_total{}", 0.0),
                Map.entry("outpost_sync_journal_read_errors_total{}", 0.0),
                Map.entry("outpost_sync_bundle_sequence{type=revocations}", 3.0),
                Map.entry("outpost_sync_bundles_installed_total{type=revocations}", 1.0),
                Map.entry("outpost_sync_bundles_refused_total{reason=wrong_key,type=keys}", 1.0));
        expected.forEach((series, want) -> assertEquals(want, value(s, series), series));
        value(s, "outpost_sync_last_forward_age_seconds{}");
        for (String prefix : List.of("outpost_build_info{commit=", "jvm_memory_used_bytes{area=heap", "process_open_fds{",
                "jvm_threads_current{")) {
            assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith(prefix)), prefix + " missing in " + s.keySet());
        }
    }
}
