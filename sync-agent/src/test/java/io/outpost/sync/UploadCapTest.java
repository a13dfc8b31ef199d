package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** upload.maxBytesPerSecond: the backlog drains no faster than the cap, and completely. */
class UploadCapTest {
    private static final long RATE = 40_000;
    @TempDir
    Path dir;

    @Test
    void theUploadNeverExceedsTheConfiguredRate() throws Exception {
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.create(journalDir, "edge-cap");
             Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0)) {
            journal.append(10_000);
            long total = JournalIds.all(journalDir).size();
            try (Agent agent = Agent.start(new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url()).maxEvents(2000)
                    .extra("upload:\n  maxBytesPerSecond: " + RATE + "\n").write(dir.resolve("sync.yaml")))) {
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted() >= total);
                double seconds = (System.nanoTime() - start) / 1e9;
                await().atMost(Duration.ofSeconds(5)).until(() -> agent.metric("outpost_sync_events_forwarded_total") == total);
                double sent = agent.metric("outpost_sync_bytes_sent_total");
                // The bucket starts full (a quarter second's worth); beyond that the rate holds.
                double floor = (sent - RATE / 4.0) / RATE;
                System.out.printf("[measure] upload cap %d B/s: %.0f bytes in %.2f s (%.0f B/s)%n", RATE, sent, seconds, sent / seconds);
                assertTrue(floor > 2, "too little data to see the cap: " + sent + " bytes");
                assertTrue(seconds >= floor * 0.95, "sent " + sent + " bytes in " + seconds + " s, faster than " + RATE + " B/s");
                assertEquals(JournalIds.all(journalDir), receiver.storedIds("edge-cap"));
            }
        }
    }
}
