package io.outpost.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The time of the oldest record the agent has not acknowledged, for the gateway's
 * {@code outpost_gateway_journal_oldest_unacknowledged_age_seconds}: a device offline for days shows
 * how old its backlog is in the metrics snapshot it journals. Found on the appender thread during
 * housekeeping by reading the one record after the acknowledged index, and only when the
 * acknowledgement moved (or nothing was unacknowledged before): once a batch, not once a scrape.
 */
final class OldestUnacknowledged {
    /** Records tried past an undecodable one before giving up until the next pass. */
    private static final int MAX_SKIPPED = 16;

    private final SingleChronicleQueue queue;
    private long forAcknowledged = Long.MIN_VALUE;
    private long timeMillis = -1;

    OldestUnacknowledged(SingleChronicleQueue queue) {
        this.queue = queue;
    }

    /**
     * @param acknowledged the agent's acknowledged index, -1 when none
     * @param lastIndex    the last index appended, -1 when none
     * @param deleted      whether this pass deleted a cycle (over the budget: the oldest record may be gone unacknowledged)
     * @return the oldest unacknowledged record's time, or -1 when every record is acknowledged (or it cannot be read)
     */
    long timeMillis(long acknowledged, long lastIndex, boolean deleted) {
        if (lastIndex < 0 || lastIndex <= acknowledged) {
            forAcknowledged = Long.MIN_VALUE;
            return timeMillis = -1;
        }
        if (acknowledged != forAcknowledged || timeMillis < 0 || deleted) {
            timeMillis = read(acknowledged);
            forAcknowledged = acknowledged;
        }
        return timeMillis;
    }

    private long read(long acknowledged) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            // The acknowledged record's cycle may be deleted already: then every record left is newer.
            if (acknowledged < 0 || !tailer.moveToIndex(acknowledged)) {
                tailer.toStart();
            }
            for (int tried = 0; tried <= MAX_SKIPPED; ) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return -1;
                    }
                    if (dc.index() <= acknowledged) {
                        continue; // the acknowledged record itself
                    }
                    tried++;
                    Bytes<?> bytes = dc.wire().bytes();
                    byte[] copy = new byte[(int) bytes.readRemaining()];
                    bytes.read(copy);
                    return RecordCodec.decode(copy).timeMillis();
                } catch (MalformedRecordException e) {
                    // an undecodable record: the next one is nearly as old
                }
            }
            return -1;
        } catch (RuntimeException e) {
            return -1; // the next pass tries again; a metric is never worth failing housekeeping
        }
    }
}
