package io.outpost.journal;

import java.util.Objects;

/**
 * Records that {@code count} events never reached (or no longer are in) the journal, so that the
 * management side can tell "quiet" from "lost".
 *
 * @param reason one of {@link #BUDGET}, {@link #DISK_FULL}, {@link #OVERFLOW}, {@link #CORRUPT}
 * @param firstIndex first lost journal index, or -1 when the events never had one
 * @param lastIndex last lost journal index, or -1 when the events never had one
 */
public record LossRecord(long timeMillis, long count, long firstIndex, long lastIndex, String reason)
        implements JournalRecord {

    /**
     * Lost to maxJournalBytes: indices of a cycle deleted before the agent read them (the agent
     * reports them from the gateway's ledger, one record per unread stretch), or, without indices,
     * exchanges dropped while the live cycle alone was over the budget.
     */
    public static final String BUDGET = "budget";
    /** Journaling was suspended for lack of free space. */
    public static final String DISK_FULL = "disk-full";
    /** The append queue was full. */
    public static final String OVERFLOW = "overflow";
    /** A reader skipped unreadable data. */
    public static final String CORRUPT = "corrupt";

    public LossRecord {
        Objects.requireNonNull(reason, "reason");
    }

    /** Losses that never had journal indices (overflow, disk-full). */
    public static LossRecord unindexed(long timeMillis, long count, String reason) {
        return new LossRecord(timeMillis, count, -1, -1, reason);
    }
}
