package io.outpost.sync.wire;

import io.outpost.common.artifact.Digests;
import io.outpost.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Batches on removable media: each the very bytes that would have been POSTed
 * ({@code <deviceId>-<epoch>-<firstIndex, 20 digits>.ndjson.gz}, so names sort in journal order)
 * plus a {@code .sha256} sidecar in {@code sha256sum} format, so {@code sha256sum -c *.sha256}
 * checks a stick by hand as well.
 */
public final class BatchFiles {
    public static final String SUFFIX = ".ndjson.gz";
    public static final String SIDECAR = ".sha256";

    private BatchFiles() {}

    public static String name(BatchHeader h) {
        return h.deviceId() + "-" + h.epoch() + "-" + String.format("%020d", h.firstIndex()) + SUFFIX;
    }

    /** Writes the batch, then its sidecar (each atomically, data first): a file without sidecar is incomplete. */
    public static Path write(Path dir, EncodedBatch batch) throws IOException {
        Path file = dir.resolve(name(batch.header()));
        AtomicFiles.write(file, batch.gzip());
        AtomicFiles.write(dir.resolve(file.getFileName() + SIDECAR),
                (sha256(batch.gzip()) + "  " + file.getFileName() + "\n").getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    /** The batch files under {@code dir} (recursively, a stick may hold folders), in name order. */
    public static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, 4)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    /** Reads a batch file whose sidecar matches; the message says which check failed. */
    public static byte[] readVerified(Path file) throws IOException, BatchFormatException {
        Path sidecar = file.resolveSibling(file.getFileName() + SIDECAR);
        String expected;
        try {
            expected = Files.readString(sidecar, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
        } catch (NoSuchFileException e) {
            throw new BatchFormatException(file + ": no checksum file " + sidecar.getFileName() + " (incomplete copy?)");
        }
        byte[] bytes = Files.readAllBytes(file);
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new BatchFormatException(file + ": SHA-256 " + actual + " does not match " + sidecar.getFileName()
                    + " (" + expected + "); the file is damaged or altered");
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        return Digests.sha256Hex(bytes);
    }
}
