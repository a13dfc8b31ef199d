package io.outpost.journal;

import io.outpost.common.io.AtomicFiles;
import io.outpost.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The budget's ledger ({@code deleted-cycles} in the journal directory, one JSON line per cycle):
 * what each unforwarded cycle held when the gateway deleted it to stay within maxJournalBytes. The
 * gateway writes the line, durably, before it deletes the file; the sync agent reads it when its
 * tailer finds cycles gone, and reports exactly the indices it had not yet read as lost. Only the
 * agent knows what it has read (it may have finished a deleted cycle from its mapping), so a loss
 * journaled in-band by the gateway could only guess, and could itself be deleted unforwarded.
 * Entries the agent has acknowledged past are dropped.
 */
final class DeletedCycles {
    static final String FILE_NAME = "deleted-cycles";

    /**
     * One deleted cycle: its indices {@code firstIndex..lastIndex} (consecutive; {@code records}
     * of them, -1 if the cycle could not be counted) and the loss records it held, which were
     * unforwarded too and are passed on as they were.
     */
    record Deleted(long epoch, long firstIndex, long lastIndex, long records, long deletedAtMillis,
            List<HeldLoss> losses) {
        Deleted {
            losses = losses == null ? List.of() : List.copyOf(losses);
        }
    }

    /** A loss record that sat at {@code index} in a deleted cycle. */
    record HeldLoss(long index, long timeMillis, long count, long firstIndex, long lastIndex, String reason) {
        static HeldLoss of(long index, LossRecord r) {
            return new HeldLoss(index, r.timeMillis(), r.count(), r.firstIndex(), r.lastIndex(), r.reason());
        }

        LossRecord record() {
            return new LossRecord(timeMillis, count, firstIndex, lastIndex, reason);
        }
    }

    private DeletedCycles() {}

    /** Appends one entry and forces it to disk: the cycle file is deleted only after this returns. */
    static void append(Path directory, Deleted entry) throws IOException {
        byte[] line = line(entry);
        try (FileChannel ch = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }

    /**
     * The entries of this epoch, in index order. A line that does not parse (torn by a crash while
     * appending: its cycle was then never deleted) is skipped.
     */
    static List<Deleted> read(Path directory, long epoch) {
        byte[] content;
        try {
            content = Files.readAllBytes(directory.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + directory.resolve(FILE_NAME), e);
        }
        List<Deleted> out = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Deleted d = Json.read(line.getBytes(StandardCharsets.UTF_8), Deleted.class);
                if (d.epoch() == epoch && out.stream().noneMatch(o -> o.firstIndex() == d.firstIndex())) {
                    out.add(d); // a crash between the line and the delete writes the cycle's line twice
                }
            } catch (RuntimeException e) {
                // torn line
            }
        }
        out.sort(Comparator.comparingLong(Deleted::firstIndex));
        return out;
    }

    /**
     * Rewrites the ledger without the entries at or below {@code acknowledged} (if there are any);
     * returns the lowest last index still in it, {@link Long#MAX_VALUE} if none.
     */
    static long prune(Path directory, long epoch, long acknowledged) throws IOException {
        List<Deleted> all = read(directory, epoch);
        List<Deleted> kept = all.stream().filter(d -> d.lastIndex() > acknowledged).toList();
        if (kept.size() != all.size()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Deleted d : kept) {
                out.writeBytes(line(d));
            }
            AtomicFiles.write(directory.resolve(FILE_NAME), out.toByteArray());
        }
        return kept.stream().mapToLong(Deleted::lastIndex).min().orElse(Long.MAX_VALUE);
    }

    private static byte[] line(Deleted entry) {
        byte[] json = Json.bytes(entry);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }
}
