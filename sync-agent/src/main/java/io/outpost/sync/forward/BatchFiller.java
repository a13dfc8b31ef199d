package io.outpost.sync.forward;

import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalJson;
import io.outpost.journal.JournalReader;
import io.outpost.sync.wire.BatchEncoder;
import io.outpost.sync.wire.EncodedBatch;
import java.util.Optional;

/**
 * Reads what the journal has now into one batch, up to the event and byte limits, without
 * waiting for more: under load batches fill up, when quiet an event leaves within one poll. An
 * entry that would overflow the byte limit is carried into the next batch.
 */
public final class BatchFiller {
    private final JournalReader reader;
    private final BatchEncoder encoder;
    private final long maxBytes;
    private int maxEvents;
    private byte[] carryLine;
    private long carryIndex;

    public BatchFiller(JournalReader reader, int maxEvents, long maxBytes, int gzipLevel) {
        this.reader = reader;
        this.encoder = new BatchEncoder(reader.deviceId(), reader.epoch(), gzipLevel);
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** The next batch, or null when the journal has nothing after the current position. */
    public EncodedBatch fill() {
        if (carryLine != null) {
            encoder.add(carryLine, carryIndex);
            carryLine = null;
        }
        while (encoder.count() < maxEvents) {
            Optional<JournalEntry> next = reader.next();
            if (next.isEmpty()) {
                break;
            }
            byte[] line = JournalJson.toNdjsonLine(next.get());
            if (encoder.count() > 0 && encoder.size() + line.length > maxBytes) {
                carryLine = line;
                carryIndex = next.get().index();
                break;
            }
            encoder.add(line, next.get().index());
        }
        return encoder.isEmpty() ? null : encoder.finish();
    }

    /** Goes back to just after {@code index} (the acknowledged position), dropping anything read ahead. */
    public void rewind(long index) {
        carryLine = null;
        reader.seekAfter(index);
    }

    /** Smaller batches from now on (the receiver answered 413). */
    public void limitEvents(int events) {
        maxEvents = Math.max(1, events);
    }
}
