package io.outpost.sync.gpio;

import io.outpost.sync.admin.AgentMetrics;

/** What the status LEDs show: exactly one is lit at a time. */
public enum Light {
    /** Forwarding works and nothing is waiting. */
    READY,
    /** Offline or not yet caught up: events wait in the journal (nothing is lost). */
    BACKLOG,
    /** A problem that will not heal by waiting: the journal cannot be read, or management refuses the batches (4xx). */
    FAULT;

    /**
     * From the same figures {@code outpost sync status} reports. {@code journalOpen} is false while the
     * agent waits for the gateway's journal: backlog, since events may well be waiting there.
     */
    public static Light of(AgentMetrics m, boolean journalOpen) {
        String error = m.lastError.get();
        if (m.readerError.get() != null || (error != null && error.startsWith("rejected"))) {
            return FAULT;
        }
        if (!journalOpen || m.consecutiveFailures.get() > 0 || m.backlogEvents.get() > 0) {
            return BACKLOG;
        }
        return READY;
    }
}
