package io.outpost.sync.forward;

import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalJson;
import io.outpost.journal.JournalReader;
import io.outpost.sync.wire.BatchEncoder;
import io.outpost.sync.wire.EncodedBatch;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads what the journal has now into one batch, up to the event and byte limits, without
 * waiting for more. An entry that would overflow the byte limit is carried into the next batch.
 *
 * <p>A batch that is not full lingers: it is handed out once its oldest event is
 * {@code lingerMillis} old, so at a steady low rate one POST (and one fsync at the receiver) carries
 * a second's worth of events instead of one or two. Age is counted from the event's own time, not
 * from when this process read it: after a restart or an outage, events already older than the
 * linger go at once, so a kill never adds a second linger. Lingering events are not acknowledged;
 * a crash re-reads them from the journal. With a linger of 0 every fill hands out what it read.
 */
public final class BatchFiller {
    private final JournalReader reader;
    private final BatchEncoder encoder;
    private final long maxBytes;
    private final long lingerMillis;
    private int maxEvents;
    private byte[] carryLine;
    private long carryIndex;
    private long carryMillis;
    private long dueNanos;
    private long firstMillis;

    /** Without a linger: every fill hands out what the journal holds (export, which wants it all now). */
    public BatchFiller(JournalReader reader, int maxEvents, long maxBytes, int gzipLevel) {
        this(reader, maxEvents, maxBytes, gzipLevel, 0);
    }

    public BatchFiller(JournalReader reader, int maxEvents, long maxBytes, int gzipLevel, long lingerMillis) {
        this.reader = reader;
        this.encoder = new BatchEncoder(reader.deviceId(), reader.epoch(), gzipLevel);
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.lingerMillis = lingerMillis;
    }

    /** The next batch, or null when the journal has nothing more, or the batch may linger on. */
    public EncodedBatch fill() {
        if (carryLine != null) {
            add(carryLine, carryIndex, carryMillis);
            carryLine = null;
        }
        while (encoder.count() < maxEvents) {
            Optional<JournalEntry> next = reader.next();
            if (next.isEmpty()) {
                break;
            }
            JournalEntry entry = next.get();
            byte[] line = JournalJson.toNdjsonLine(entry);
            if (encoder.count() > 0 && encoder.size() + line.length > maxBytes) {
                carryLine = line;
                carryIndex = entry.index();
                carryMillis = entry.record().timeMillis();
                return encoder.finish(); // full by bytes
            }
            add(line, entry.index(), entry.record().timeMillis());
        }
        if (encoder.isEmpty() || (encoder.count() < maxEvents && millisUntilDue() > 0)) {
            return null;
        }
        return encoder.finish();
    }

    /** Milliseconds until the batch being filled must go: 0 if it is due, Long.MAX_VALUE if there is none. */
    public long millisUntilDue() {
        if (encoder.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(dueNanos - System.nanoTime() + 999_999));
    }

    private void add(byte[] line, long index, long eventMillis) {
        if (encoder.isEmpty()) {
            // An event stamped in the future (clock stepped back) still waits one linger at most.
            long age = Math.max(0, System.currentTimeMillis() - eventMillis);
            dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, lingerMillis - age));
            firstMillis = eventMillis;
        }
        encoder.add(line, index);
    }

    /** The time of the first event of the batch being filled (or just handed out by {@link #fill}). */
    public long firstMillis() {
        return firstMillis;
    }

    /** Goes back to just after {@code index} (the acknowledged position), dropping anything read ahead. */
    public void rewind(long index) {
        carryLine = null;
        encoder.clear();
        reader.seekAfter(index);
    }

    /** Smaller batches from now on (the receiver answered 413). */
    public void limitEvents(int events) {
        maxEvents = Math.max(1, events);
    }
}
