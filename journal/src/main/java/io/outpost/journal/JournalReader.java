package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The sync agent side of the journal: a non-blocking tailer. Never deletes anything. */
public final class JournalReader implements AutoCloseable {

    private JournalReader() {}

    public static JournalReader open(Path directory) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public String deviceId() {
        return "";
    }

    public long epoch() {
        return 0;
    }

    /** Positions after {@code index} (-1 = from the start). */
    public void seekAfter(long index) {}

    /** The next entry, or empty if none is available now. */
    public Optional<JournalEntry> next() {
        return Optional.empty();
    }

    public long lastWrittenIndex() {
        return -1;
    }

    public long pendingAfter(long index) {
        return 0;
    }

    public long corruptSkipped() {
        return 0;
    }

    @Override
    public void close() {}
}
