package io.outpost.journal;

/**
 * A record whose offerer waits for the appender's word: {@code journaled} runs on the appender
 * thread once the record is appended, or once it is counted as lost (a full disk, a budget pause),
 * or at once if it cannot be queued. It always runs, exactly once: an offerer never waits forever.
 */
record Acknowledged(JournalRecord record, Runnable journaled) {
    void acknowledge() {
        journaled.run();
    }
}
