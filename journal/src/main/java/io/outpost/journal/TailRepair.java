package io.outpost.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.Wires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs when the gateway opens the journal, before it appends. After a power loss the newest cycle
 * file may hold garbage where Chronicle recorded its write position. Chronicle's appender takes any
 * non-zero word there for a document header and skips its "length" (up to 1 GiB) looking for free
 * space, leaving a huge sparse file and a gap no reader can cross. So the appender's walk is
 * simulated first: from the recorded write position over plausible documents; at the first
 * implausible header, the rest of the damaged stretch is overwritten with zeros. The appender
 * then writes right there, and readers skip what was lost (see {@link DamageSkipper}). Zeros are
 * written, never a truncation: a reader in another process may have the file mapped.
 */
final class TailRepair {
    private static final Logger LOG = LoggerFactory.getLogger(TailRepair.class);
    /** No Outpost document (record or Chronicle index array) comes anywhere near this. */
    private static final int MAX_PLAUSIBLE_LENGTH = 1 << 20;
    private static final int CHUNK = 64 << 10;
    /** Damage is what the file held at the power loss; this much zero after it means the end. */
    private static final long ZERO_RUN_THAT_ENDS_DAMAGE = 4L << 20;

    private TailRepair() {}

    /** Returns the number of bytes zeroed (0 when the tail was clean). */
    static long repairNewestCycle(Path directory, RollPeriod period) throws IOException {
        if (!Files.exists(directory.resolve("metadata.cq4t"))) {
            return 0; // a new journal
        }
        Path file;
        long writePosition;
        try (SingleChronicleQueue queue = ChronicleQueues.forWriting(directory, period, 0)) {
            int newest = queue.lastCycle();
            if (newest < 0) {
                return 0;
            }
            SingleChronicleQueueStore store = queue.storeForCycle(newest, queue.epoch(), false, null);
            if (store == null) {
                return 0;
            }
            try {
                file = store.file().toPath();
                writePosition = store.writePosition();
            } finally {
                queue.closeStore(store);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot inspect the newest journal cycle in {}; appending without repair", directory, e);
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long damaged = firstImplausibleHeader(ch, writePosition);
            if (damaged < 0) {
                return 0;
            }
            long zeroed = zeroDamage(ch, damaged);
            LOG.warn("journal cycle {} held unreadable data at byte {} (power loss?): cleared {} bytes; readers "
                    + "report the records there as lost", file.getFileName(), damaged, zeroed);
            return zeroed;
        }
    }

    /** Walks documents from {@code position} as Chronicle's appender would; -1 if the walk ends cleanly. */
    private static long firstImplausibleHeader(FileChannel ch, long position) throws IOException {
        long size = ch.size();
        long pos = position;
        while (pos + 4 <= size) {
            int header = readInt(ch, pos);
            if (header == 0 || Wires.isEndOfFile(header)) {
                return -1; // free space: the appender writes here
            }
            int length = Wires.lengthOf(header);
            if (length > MAX_PLAUSIBLE_LENGTH || pos + 4 + length > size) {
                return pos;
            }
            if (Wires.isNotComplete(header)) {
                return -1; // a write cut short by the crash: Chronicle's appender recovers it itself
            }
            if (!Wires.isReadyMetaData(header) && !looksLikeRecord(ch, pos + 4, length)) {
                return pos;
            }
            pos = (pos + 4 + length + 3) & ~3L; // headers are 4-byte aligned
        }
        return -1;
    }

    private static boolean looksLikeRecord(FileChannel ch, long position, int length) throws IOException {
        if (length < 2) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, position);
        int version = b.get(0) & 0xFF;
        // Later versions are plausible too: never wipe a newer gateway's records.
        return version >= 1 && version <= 15;
    }

    private static int readInt(FileChannel ch, long position) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, position + b.position()) > 0) {
            // until 4 bytes or the end of the file
        }
        return b.position() == 4 ? b.getInt(0) : 0;
    }

    /** Zeroes non-zero chunks from {@code from} until a long run of zeros (holes stay holes). */
    private static long zeroDamage(FileChannel ch, long from) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
        long zeroed = 0;
        long zeroRun = 0;
        for (long pos = from; pos < ch.size() && zeroRun < ZERO_RUN_THAT_ENDS_DAMAGE; pos += CHUNK) {
            chunk.clear();
            int n = ch.read(chunk, pos);
            if (n <= 0) {
                break;
            }
            if (allZero(chunk.array(), n)) {
                zeroRun += n;
                continue;
            }
            zeroRun = 0;
            zeros.clear().limit(n);
            while (zeros.hasRemaining()) {
                ch.write(zeros, pos + zeros.position());
            }
            zeroed += n;
        }
        ch.force(false);
        return zeroed;
    }

    private static boolean allZero(byte[] a, int n) {
        for (int i = 0; i < n; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
