package io.outpost.journal;

import static org.awaitility.Awaitility.await;

import io.outpost.testing.Emulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Test helper: reads a journal the way the sync agent does. */
final class Drain {
    private Drain() {}

    /** Everything available right now. */
    static List<JournalEntry> available(JournalReader reader) {
        List<JournalEntry> out = new ArrayList<>();
        for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
            out.add(e.get());
        }
        return out;
    }

    /** Keeps reading (accumulating) until the entries read so far satisfy {@code done}; the timeout scales under emulation. */
    static List<JournalEntry> until(JournalReader reader, Duration timeout, Predicate<List<JournalEntry>> done) {
        List<JournalEntry> out = new ArrayList<>();
        await().atMost(Emulation.scale(timeout)).pollInterval(Duration.ofMillis(20)).until(() -> {
            out.addAll(available(reader));
            return done.test(out);
        });
        return out;
    }

    static List<JournalEntry> atLeast(JournalReader reader, int count) {
        return until(reader, Duration.ofSeconds(20), l -> l.size() >= count);
    }

    static List<ExchangeRecord> exchanges(List<JournalEntry> entries) {
        return entries.stream().filter(e -> e.record() instanceof ExchangeRecord)
                .map(e -> (ExchangeRecord) e.record()).toList();
    }

    static List<LossRecord> losses(List<JournalEntry> entries, String reason) {
        return entries.stream().filter(e -> e.record() instanceof LossRecord l && l.reason().equals(reason))
                .map(e -> (LossRecord) e.record()).toList();
    }
}
