package io.outpost.journal;

/**
 * A snapshot of the writer's counters, for the admin port's metrics.
 *
 * @param appended records written to the queue (exchanges and loss records)
 * @param droppedOverflow offers refused because the append queue was full
 * @param droppedDiskFull records dropped while journaling was suspended for lack of space
 * @param lostToBudget exchanges lost to maxJournalBytes: deleted before the agent acknowledged them (as
 *     the gateway sees it: the agent may still have read some from the deleted file; what it reports
 *     is exact), plus {@code droppedOverBudget}
 * @param bytesOnDisk total size of the cycle files
 * @param lastIndex index of the last record appended, or -1
 * @param acknowledgedIndex the agent's acknowledged index for this epoch, or -1
 * @param suspended true while journaling is stopped for lack of free space
 * @param droppedOverBudget exchanges not journaled because the live cycle alone was over maxJournalBytes
 * @param pausedOverBudget true while that is so (until the next cycle starts)
 * @param oldestUnacknowledgedMillis the time of the oldest record the agent has not acknowledged, -1 when
 *     every record is (as of the last housekeeping pass, at most a second old)
 */
public record JournalStats(long appended, long droppedOverflow, long droppedDiskFull, long lostToBudget,
        long bytesOnDisk, long lastIndex, long acknowledgedIndex, boolean suspended, long droppedOverBudget,
        boolean pausedOverBudget, long oldestUnacknowledgedMillis) {}
