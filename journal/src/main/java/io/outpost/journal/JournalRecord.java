package io.outpost.journal;

/** One event in the journal: an exchange, or a note that some exchanges were lost. */
public sealed interface JournalRecord permits ExchangeRecord, LossRecord {
    /** Wall-clock time of the event (epoch millis). */
    long timeMillis();
}
