package io.outpost.journal;

import java.util.Objects;

/**
 * A record as read back from the journal, with its globally unique id
 * {@code <deviceId>:<epoch>:<index>} (decimal). The epoch changes when the journal directory is
 * recreated, so an id is never reused even though Chronicle indices restart.
 */
public record JournalEntry(String id, long index, JournalRecord record) {
    public JournalEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(record, "record");
    }

    public static String id(String deviceId, long epoch, long index) {
        return deviceId + ':' + epoch + ':' + index;
    }
}
