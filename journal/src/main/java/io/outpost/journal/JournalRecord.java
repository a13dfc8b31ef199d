package io.outpost.journal;

/**
 * One event in the journal: an exchange, a note that some exchanges were lost, or a snapshot of the
 * gateway's metrics.
 */
public sealed interface JournalRecord permits ExchangeRecord, LossRecord, MetricsSnapshotRecord {
    /** Wall-clock time of the event (epoch millis). */
    long timeMillis();
}
