package io.outpost.journal;

/**
 * A snapshot of the writer's counters, for the admin port's metrics.
 *
 * @param appended records written to the queue (exchanges and loss records)
 * @param droppedOverflow offers refused because the append queue was full
 * @param droppedDiskFull records dropped while journaling was suspended for lack of space
 * @param lostToBudget unforwarded records deleted to stay within maxJournalBytes
 * @param bytesOnDisk total size of the cycle files
 * @param lastIndex index of the last record appended, or -1
 * @param acknowledgedIndex the agent's acknowledged index for this epoch, or -1
 * @param suspended true while journaling is stopped for lack of free space
 */
public record JournalStats(long appended, long droppedOverflow, long droppedDiskFull, long lostToBudget,
        long bytesOnDisk, long lastIndex, long acknowledgedIndex, boolean suspended) {}
