package io.outpost.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.RollCycle;

/** The roll-cycle files of a queue directory, oldest first, read from the directory itself. */
final class CycleFiles {
    static final String SUFFIX = ".cq4";

    /** One cycle file. */
    record CycleFile(int cycle, Path path, long bytes) {}

    private CycleFiles() {}

    static List<CycleFile> list(Path directory, RollCycle rollCycle, long queueEpoch) {
        // Chronicle names cycle files by the UTC start of the cycle in the roll cycle's own pattern.
        SimpleDateFormat format = new SimpleDateFormat(rollCycle.format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        List<CycleFile> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith(SUFFIX)) {
                    continue;
                }
                try {
                    String stem = name.substring(0, name.length() - SUFFIX.length());
                    java.util.Date date = format.parse(stem);
                    if (!format.format(date).equals(stem)) {
                        continue; // parse() ignores trailing text: "20261204-22" is not a daily file
                    }
                    long start = date.getTime();
                    int cycle = (int) ((start - queueEpoch) / rollCycle.lengthInMillis());
                    out.add(new CycleFile(cycle, p, Files.size(p)));
                } catch (ParseException e) {
                    // Not one of this roll cycle's files (e.g. left from another roll period): not ours to judge.
                } catch (NoSuchFileException e) {
                    // Deleted while listing.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal directory " + directory, e);
        }
        out.sort(Comparator.comparingInt(CycleFile::cycle));
        return out;
    }

    /** Total size of every file in the directory (cycles, Chronicle's metadata, our small files). */
    static long directoryBytes(Path directory) {
        long total = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.isRegularFile(p)) {
                        total += Files.size(p);
                    }
                } catch (IOException e) {
                    // Deleted while listing.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal directory " + directory, e);
        }
        return total;
    }
}
