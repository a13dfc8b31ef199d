package io.outpost.sync.status;

import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalJson;
import io.outpost.journal.JournalReader;
import java.util.Optional;

/**
 * What is waiting in the journal after the acknowledged position: events (exact), bytes as NDJSON
 * before compression (exact when the scan finishes within its time budget, else extrapolated from
 * what was scanned), and the oldest event's time.
 *
 * @param oldestMillis the oldest pending event's time, 0 when none
 */
public record Backlog(long events, long bytes, boolean bytesEstimated, long oldestMillis) {

    /**
     * @param bytesPerEvent NDJSON bytes per event the agent last saw (its status file), used instead
     *     of a sample when known: encoding a sample starts a JSON mapper, 0.2 s of a one-shot command
     */
    public static Backlog measure(JournalReader reader, long acknowledged, long budgetMillis, long bytesPerEvent) {
        long events = reader.pendingAfter(acknowledged);
        reader.seekAfter(acknowledged);
        if (bytesPerEvent > 0) {
            long oldest = reader.next().map(e -> e.record().timeMillis()).orElse(0L);
            return new Backlog(events, events * bytesPerEvent, true, oldest);
        }
        long deadline = System.nanoTime() + budgetMillis * 1_000_000;
        long scanned = 0;
        long bytes = 0;
        long oldest = 0;
        for (Optional<JournalEntry> e; (e = reader.next()).isPresent(); ) {
            if (scanned == 0) {
                oldest = e.get().record().timeMillis();
            }
            bytes += JournalJson.toNdjsonLine(e.get()).length;
            scanned++;
            if ((scanned & 1023) == 0 && System.nanoTime() > deadline) {
                break;
            }
        }
        boolean estimated = scanned < events;
        if (estimated && scanned > 0) {
            bytes = bytes * events / scanned;
        }
        return new Backlog(Math.max(events, scanned), bytes, estimated, oldest);
    }
}
