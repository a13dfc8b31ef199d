package io.outpost.sync.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The agent's metrics on the gateway's library: every documented name, with build info and JVM metrics beside them. */
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
        String text = out.toString(StandardCharsets.UTF_8);
        for (String sample : List.of("outpost_sync_events_forwarded_total 1.2345678E7", "outpost_sync_batches_total 0",
                "outpost_sync_bytes_sent_total 0", "outpost_sync_bytes_uncompressed_total 0", "outpost_sync_duplicates_reported_total 0",
                "outpost_sync_failures_total{kind=\"network\"} 1", "outpost_sync_failures_total{kind=\"too_large\"} 0",
                "outpost_sync_backlog_events 300", "outpost_sync_acknowledged_index -1", "outpost_sync_last_written_index -1",
                "outpost_sync_last_success_timestamp_seconds 1.7900000005E9", "outpost_sync_consecutive_failures 0",
                "outpost_sync_next_attempt_timestamp_seconds 0", "outpost_sync_last_forward_age_seconds",
                "outpost_sync_journal_corrupt_skipped_total 0", "outpost_sync_journal_budget_skipped_ranges_total 0",
                "outpost_sync_journal_budget_lost_events_total 0", "outpost_sync_journal_read_errors_total 0",
                "outpost_sync_bundle_sequence{type=\"revocations\"} 3", "outpost_sync_bundles_installed_total{type=\"revocations\"} 1",
                "outpost_sync_bundles_refused_total{reason=\"wrong_key\",type=\"keys\"} 1",
                "outpost_build_info{commit=", "jvm_memory_used_bytes{area=\"heap\"}", "process_open_fds", "jvm_threads_current")) {
            // Numbers as the library writes them: a whole number may carry ".0".
            String re = "(?m)^" + Pattern.quote(sample.replaceAll(" -?[0-9.E]+$", "")) + "[ {]?.*";
            assertTrue(Pattern.compile(re).matcher(text).find(), sample + " missing in\n" + text);
            if (sample.matches(".* -?[0-9.E]+$")) {
                String name = sample.substring(0, sample.lastIndexOf(' '));
                double want = Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
                var matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
                assertTrue(matcher.find() && Double.parseDouble(matcher.group(1)) == want, sample + " in\n" + text);
            }
        }
    }
}
