package io.outpost.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/**
 * The roll cycle a queue directory was created with, read from its {@code metadata.cq4t} without
 * opening the queue. Chronicle keeps that roll cycle whatever a builder asks for (it only logs the
 * override), so the writer must know it to refuse or apply a changed rollPeriod, and the reader asks
 * for it up front rather than have Chronicle warn on every open.
 */
final class QueueMetadata {
    static final String FILE_NAME = "metadata.cq4t";
    /** The header document is the first thing in the file and small. */
    private static final int HEADER_BYTES = 4096;

    private QueueMetadata() {}

    /** Empty if there is no queue in {@code directory} yet; fails if the metadata cannot be read. */
    static Optional<RollCycles> rollCycle(Path directory) throws IOException {
        byte[] raw;
        try (InputStream in = Files.newInputStream(directory.resolve(FILE_NAME))) {
            raw = in.readNBytes(HEADER_BYTES);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int[] length = {-1};
        String[] format = {null};
        try {
            Wire wire = WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(raw));
            try (DocumentContext dc = wire.readingDocument()) {
                dc.wire().read("header").marshallable(header -> header.read("metadata").marshallable(meta ->
                        meta.read("roll").marshallable(roll -> {
                            length[0] = roll.read("length").int32();
                            format[0] = roll.read("format").text();
                        })));
            }
        } catch (RuntimeException e) {
            throw new IOException("unreadable queue metadata " + directory.resolve(FILE_NAME) + ": " + e, e);
        }
        for (RollCycles c : RollCycles.values()) {
            if (c.lengthInMillis() == length[0] && c.format().equals(format[0])) {
                return Optional.of(c);
            }
        }
        throw new IOException("queue metadata " + directory.resolve(FILE_NAME) + " names an unknown roll cycle ("
                + format[0] + ", " + length[0] + " ms)");
    }
}
