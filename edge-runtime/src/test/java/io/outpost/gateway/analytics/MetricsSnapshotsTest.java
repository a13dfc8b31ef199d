package io.outpost.gateway.analytics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.config.GatewayConfigLoader;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import io.outpost.journal.MetricsSnapshotRecord;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's side of the fleet view: gateway.yaml's key, and what a snapshot carries into the journal. */
class MetricsSnapshotsTest {
    @TempDir
    Path dir;

    @Test
    void theIntervalDefaultsToFiveMinutesZeroTurnsItOffAndANegativeIsRefusedAtItsLine() throws Exception {
        assertEquals(300, GatewayConfigLoader.load(write("analytics:\n  enabled: true\n")).analytics().metricsSnapshotSeconds());
        assertEquals(0, GatewayConfigLoader.load(write("analytics:\n  metricsSnapshotSeconds: 0\n")).analytics()
                .metricsSnapshotSeconds());
        Path bad = write("analytics:\n  metricsSnapshotSeconds: -5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(bad));
        assertTrue(e.problems().get(0).startsWith(bad + ":2:3: analytics.metricsSnapshotSeconds: must be a whole number"),
                e.problems().toString());
        assertNull(MetricsSnapshots.start(0, new PrometheusRegistry(), null, () -> "a-1", () -> 1));
    }

    @Test
    void aSnapshotCarriesTheCountersAndIsJournaledOnSchedule() throws Exception {
        GatewayConfig config = GatewayConfigLoader.load(write("stateDir: " + dir.resolve("state") + "\n"));
        // The gateway's counter names, with labels it adds or may add (the snapshot sums over the others).
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter requests = Counter.builder().name("outpost_gateway_requests").labelNames("api", "status_class").register(registry);
        Counter refusals = Counter.builder().name("outpost_gateway_refusals").labelNames("code").register(registry);
        Counter connectFailures = Counter.builder().name("outpost_gateway_backend_connect_failures").labelNames("member")
                .register(registry);
        requests.labelValues("petstore", "2xx").inc(2);
        requests.labelValues("other", "2xx").inc();
        requests.labelValues("petstore", "4xx").inc();
        refusals.labelValues("900901").inc();
        refusals.labelValues("101503").inc(0);
        connectFailures.labelValues("a").inc(2);
        connectFailures.labelValues("b").inc();
        List<MetricsSnapshotRecord> read = new ArrayList<>();
        try (JournalingObserver journal = JournalingObserver.open(config, "edge-9")) {
            MetricsSnapshots snapshots = MetricsSnapshots.start(1, registry, journal, () -> "petstore-1.0.0", () -> 3);
            await().until(() -> journal.stats().appended() >= 2);
            snapshots.close();
        }
        try (JournalReader reader = JournalReader.open(config.journalDir())) {
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                read.add((MetricsSnapshotRecord) e.get().record());
            }
        }
        assertTrue(read.size() >= 2, read.toString());
        MetricsSnapshotRecord last = read.get(read.size() - 1);
        assertEquals(3, last.values().get("requests;status_class=2xx"));
        assertEquals(1, last.values().get("requests;status_class=4xx"));
        assertEquals(1, last.values().get("refusals"));
        assertEquals(1, last.values().get("refusals_by_code;code=900901"));
        assertFalse(last.values().containsKey("refusals_by_code;code=101503"), "codes never counted stay out");
        assertEquals(3, last.values().get("backend_connect_failures"));
        assertEquals(3, last.values().get("generation"));
        assertEquals("petstore-1.0.0", last.artifact());
        assertTrue(last.values().get("journal_appended") >= 1, last.toString());
    }

    @Test
    void aCleanStopJournalsOneLastSnapshotWhateverTheInterval() throws Exception {
        GatewayConfig config = GatewayConfigLoader.load(write("stateDir: " + dir.resolve("state") + "\n"));
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter requests = Counter.builder().name("outpost_gateway_requests").labelNames("api", "status_class").register(registry);
        List<MetricsSnapshotRecord> read = new ArrayList<>();
        try (JournalingObserver journal = JournalingObserver.open(config, "edge-9")) {
            // an hour: no scheduled snapshot in this test, only the one at stop, with the numbers of that moment
            MetricsSnapshots snapshots = MetricsSnapshots.start(3600, registry, journal, () -> "petstore-1.0.0", () -> 2);
            requests.labelValues("petstore", "2xx").inc(5);
            snapshots.close();
            await().until(() -> journal.stats().appended() == 1);
        }
        try (JournalReader reader = JournalReader.open(config.journalDir())) {
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                read.add((MetricsSnapshotRecord) e.get().record());
            }
        }
        assertEquals(1, read.size(), read.toString());
        assertEquals(5, read.get(0).values().get("requests;status_class=2xx"));
        assertEquals(2, read.get(0).values().get("generation"));
    }

    private Path write(String yaml) throws Exception {
        Path f = Files.createTempFile(dir, "gateway", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
