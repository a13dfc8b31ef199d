package io.outpost.journal;

import java.io.IOException;

/**
 * The gateway side of the journal. {@link #offer} is called from Netty event loops and never
 * blocks; one appender thread ("outpost-journal") writes to Chronicle, and does the housekeeping.
 */
public final class JournalWriter implements AutoCloseable {

    private JournalWriter() {}

    public static JournalWriter open(JournalSettings settings, String deviceId) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Never blocks, never throws; false (and an overflow drop counted) when the queue is full. */
    public boolean offer(JournalRecord record) {
        return false;
    }

    public JournalStats stats() {
        return new JournalStats(0, 0, 0, 0, 0, -1, -1, false);
    }

    public String deviceId() {
        return "";
    }

    public long epoch() {
        return 0;
    }

    @Override
    public void close() {}
}
