package io.outpost.gateway.throttling.counting;

import io.outpost.gateway.throttling.counting.SnapshotFormat.FormatException;
import io.outpost.gateway.throttling.counting.SnapshotFormat.PolicyCounts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the counts of windows of a minute or longer across a restart, so a power cycle does not
 * reset a daily quota: a single daemon thread writes them to {@value #FILE_NAME} in the state
 * directory every interval and once more on close; {@link #restore} reads them back at start.
 * Shorter windows are not kept: they end before a gateway is back. A {@code kill -9} gives back
 * at most what was counted since the last write, one interval's worth.
 */
public final class CounterSnapshots implements AutoCloseable {
    public static final String FILE_NAME = "throttle-counters.bin";
    /** Windows shorter than this are not snapshotted. */
    public static final long MIN_WINDOW_MILLIS = 60_000;
    private static final Logger log = LoggerFactory.getLogger(CounterSnapshots.class);

    private final CounterRegistry registry;
    private final Path file;
    private final ScheduledExecutorService writer;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What {@link #restore} did: keys whose counts carried over, and why a file was ignored. */
    public record Restored(int keys, List<String> problems) {}

    private CounterSnapshots(CounterRegistry registry, Path directory, Duration interval) {
        this.registry = registry;
        this.file = directory.resolve(FILE_NAME);
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outpost-throttle-snapshots");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        writer.scheduleWithFixedDelay(this::writeLogged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts writing every {@code interval}, off the event loops. */
    public static CounterSnapshots start(CounterRegistry registry, Path directory, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("snapshot interval must be positive, was " + interval);
        }
        return new CounterSnapshots(registry, directory, interval);
    }

    /**
     * Reads the snapshot in {@code directory} into the registry, for policies with the same name
     * and limit whose window is still current. Never throws: a missing file is a first start, an
     * unreadable one is reported (logged and returned) and ignored, and counting starts from zero.
     */
    public static Restored restore(CounterRegistry registry, Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            int keys = 0;
            for (PolicyCounts p : SnapshotFormat.decode(Files.readAllBytes(file))) {
                keys += registry.restore(p.name(), p.limit(), p.counts());
            }
            return new Restored(keys, List.of());
        } catch (NoSuchFileException e) {
            return new Restored(0, List.of());
        } catch (IOException | FormatException | RuntimeException e) {
            String problem = "throttle counter snapshot " + file + " ignored, counting starts from zero ("
                    + e.getMessage() + "); the next snapshot replaces it";
            log.warn(problem);
            return new Restored(0, List.of(problem));
        }
    }

    /** Writes the counts now, on the caller's thread: temp file, fsync, atomic rename, fsync of the directory. */
    public void write() throws IOException {
        List<PolicyCounts> policies = new ArrayList<>();
        for (WindowCounters counters : registry.windows()) {
            if (counters.limit().windowMillis() >= MIN_WINDOW_MILLIS) {
                policies.add(new PolicyCounts(counters.name(), counters.limit(), counters.counts()));
            }
        }
        byte[] bytes = SnapshotFormat.encode(registry.clock().getAsLong(), policies);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + FILE_NAME, ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true); // the content is on disk before the name points at it
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Stops the timer and writes once more, so a clean stop loses nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLogged();
    }

    private void writeLogged() {
        try {
            write();
        } catch (IOException | RuntimeException e) {
            // The counters themselves are unharmed; the next interval tries again.
            log.warn("could not write throttle counter snapshot {}: {}", file, e.toString());
        }
    }

    /** Makes the rename itself durable; some file systems refuse to open a directory, and then it is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("no fsync of directory {}: {}", dir, e.toString());
        }
    }
}
