package io.outpost.gateway.security;

import io.outpost.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time every security check judges by: the system clock, never earlier than the last known
 * good time. A board without a real-time clock boots at 1970 or at its last saved time; judged by
 * that clock, tokens that expired long ago would pass again. The floor only rises: it follows the
 * system clock up, and a clock set back answers the floor until it catches up
 * (docs/security.md, "Clock floor").
 *
 * <p>{@link #persistent} keeps the floor in {@code STATE_DIR/clock-floor} (epoch seconds, written
 * atomically) by a thread of its own, never an event loop's, and only once the floor has risen
 * {@link #WRITE_STEP_SECONDS} since the last write, so flash storage sees at most a write every ten
 * minutes. {@link #close} writes the last value.
 */
public final class ClockFloor implements AutoCloseable {
    /** 2025-01-01T00:00:00Z: no device runs this code earlier, whatever its clock says. */
    public static final long BUILT_AFTER_SECONDS = 1_735_689_600L;
    public static final String FILE_NAME = "clock-floor";
    /** How far the floor rises before it is written again. */
    public static final long WRITE_STEP_SECONDS = 600;
    private static final long CHECK_PERIOD_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(ClockFloor.class);

    private final LongSupplier systemMillis;
    private final AtomicLong floor;
    private final Path file;
    private final ScheduledExecutorService saver;
    private volatile long written;
    private volatile boolean failing;

    private ClockFloor(LongSupplier systemMillis, long floor, Path file) {
        this.systemMillis = systemMillis;
        this.floor = new AtomicLong(floor);
        this.file = file;
        this.written = floor;
        this.saver = file == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outpost-clock-floor");
            t.setDaemon(true);
            return t;
        });
        if (saver != null) {
            saver.scheduleWithFixedDelay(this::saveIfRisen, CHECK_PERIOD_SECONDS, CHECK_PERIOD_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The system clock with the built-in floor only, nothing persisted (tests, tools). */
    public static ClockFloor system() {
        return new ClockFloor(System::currentTimeMillis, BUILT_AFTER_SECONDS, null);
    }

    /** The system clock, floored by what {@code stateDir/clock-floor} last recorded; keeps that file up to date. */
    public static ClockFloor persistent(Path stateDir) {
        return persistent(stateDir, System::currentTimeMillis);
    }

    /** As {@link #persistent(Path)}, with another clock standing for the system's (tests set it back). */
    public static ClockFloor persistent(Path stateDir, LongSupplier systemMillis) {
        Path file = stateDir.resolve(FILE_NAME);
        return new ClockFloor(systemMillis, Math.max(BUILT_AFTER_SECONDS, read(file)), file);
    }

    /** Seconds since the epoch, never below the floor; raises the floor when the clock is past it. */
    public long nowSeconds() {
        long now = systemMillis.getAsLong() / 1000;
        long current = floor.get();
        while (now > current) {
            if (floor.compareAndSet(current, now)) {
                return now;
            }
            current = floor.get();
        }
        return current;
    }

    /** Stops the saving thread after writing the floor a last time. */
    @Override
    public void close() {
        if (saver != null) {
            saver.shutdown();
            try {
                saver.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            save(nowSeconds());
        }
    }

    private void saveIfRisen() {
        long now = nowSeconds();
        if (now - written >= WRITE_STEP_SECONDS) {
            save(now);
        }
    }

    private synchronized void save(long value) {
        if (value <= written && !failing && Files.exists(file)) {
            return;
        }
        try {
            AtomicFiles.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
            written = value;
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                log.warn("cannot record the clock floor in {}: {} (retried every minute)", file, e.toString());
            }
            failing = true;
        }
    }

    private static long read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return Long.parseLong(text);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring the unreadable clock floor in {} ({}); the built-in floor applies until it is written again",
                    file, e.toString());
            return 0;
        }
    }
}
