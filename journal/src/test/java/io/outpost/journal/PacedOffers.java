package io.outpost.journal;

/**
 * Offers records no faster than the appender takes them, so that a test (or the kill-test
 * stand-in) can count on every record being journaled: a refused offer would be counted and
 * journaled as an overflow loss, which is right for a gateway but not what these tests count.
 */
final class PacedOffers {
    private final JournalWriter writer;
    private final int window;
    private final long appendedAtStart;
    private long offered;

    PacedOffers(JournalWriter writer) {
        this.writer = writer;
        this.window = writer.settings().appendQueueCapacity() / 2;
        this.appendedAtStart = writer.stats().appended();
    }

    void offer(JournalRecord record) {
        while (offered - (writer.stats().appended() - appendedAtStart) >= window) {
            Thread.onSpinWait();
        }
        if (!writer.offer(record)) {
            throw new IllegalStateException("refused although the queue had room");
        }
        offered++;
    }

    /** Spins until everything offered is in the journal. */
    void awaitAppended() {
        while (writer.stats().appended() - appendedAtStart < offered) {
            Thread.onSpinWait();
        }
    }
}
