package io.outpost.journal;

import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the loss records (overflow, disk-full, a budget pause) in a cycle about to be deleted: they
 * were not forwarded either, and what they count must still reach the receiver. Only the kind byte
 * of each record is looked at; loss records are few and decoded.
 */
final class HeldLosses {
    private static final Logger LOG = LoggerFactory.getLogger(HeldLosses.class);

    private HeldLosses() {}

    static List<DeletedCycles.HeldLoss> scan(SingleChronicleQueue queue, long first, long last) {
        List<DeletedCycles.HeldLoss> out = new ArrayList<>();
        if (first > last) {
            return out;
        }
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(first)) {
                return out;
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent() || dc.index() > last) {
                        break;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    int length = (int) bytes.readRemaining();
                    if (length > 1 && bytes.readByte(bytes.readPosition() + 1) == RecordCodec.KIND_LOSS) {
                        byte[] copy = new byte[length];
                        bytes.read(copy, 0, length);
                        if (RecordCodec.decode(copy, 0, length) instanceof LossRecord loss) {
                            out.add(DeletedCycles.HeldLoss.of(dc.index(), loss));
                        }
                    }
                } catch (MalformedRecordException e) {
                    // An undecodable record is lost like an exchange.
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot scan journal indices {}..{} for loss records: {}", first, last, e.toString());
        }
        return out;
    }
}
