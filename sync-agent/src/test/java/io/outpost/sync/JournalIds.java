package io.outpost.sync;

import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every event id in a journal, in order, read with the journal's own reader: what must arrive. */
final class JournalIds {
    private JournalIds() {}

    static List<String> all(Path journal) throws IOException {
        List<String> ids = new ArrayList<>();
        try (JournalReader r = JournalReader.open(journal)) {
            r.seekAfter(-1);
            for (Optional<JournalEntry> e; (e = r.next()).isPresent(); ) {
                ids.add(e.get().id());
            }
        }
        return ids;
    }
}
