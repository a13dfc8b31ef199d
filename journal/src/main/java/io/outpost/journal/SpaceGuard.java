package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops journaling before the file system fills: writing to a memory-mapped page that the file
 * system cannot back kills the gateway with SIGBUS. Checks are rate-limited (a statfs per record
 * would be wasteful) but forced before a roll, which maps a new file.
 */
final class SpaceGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceGuard.class);
    private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Far below any sane headroom, so the journal cannot overshoot between two checks. */
    private static final long CHECK_EVERY_BYTES = 1 << 20;

    private final Path directory;
    private final long minFreeBytes;
    /** Resume only a little above the threshold, so that one freed byte does not flap suspend/resume. */
    private final long resumeFreeBytes;
    private final FreeSpaceProbe probe;
    private final WriterCounters counters;
    private long lastCheckNanos;
    private long bytesSinceCheck;
    private boolean checkedOnce;

    SpaceGuard(Path directory, long minFreeBytes, FreeSpaceProbe probe, WriterCounters counters) {
        this.directory = directory;
        this.minFreeBytes = minFreeBytes;
        this.resumeFreeBytes = minFreeBytes + Math.min(minFreeBytes / 8, ChronicleQueues.BLOCK_SIZE);
        this.probe = probe;
        this.counters = counters;
    }

    /** Whether a record may be appended now; {@code rolling} forces a fresh check. */
    boolean writable(boolean rolling, long intervalWhileSuspendedNanos, long now) {
        long interval = counters.suspended ? intervalWhileSuspendedNanos : CHECK_EVERY_NANOS;
        if (!checkedOnce || rolling || now - lastCheckNanos >= interval || bytesSinceCheck >= CHECK_EVERY_BYTES) {
            check(now);
        }
        return !counters.suspended;
    }

    void written(long bytes) {
        bytesSinceCheck += bytes;
    }

    /** An unconditional check (housekeeping), so a suspended journal resumes even when no record arrives. */
    boolean recheck() {
        check(System.nanoTime());
        return !counters.suspended;
    }

    /** Treats an append that failed with an I/O error like a full disk: stop, count, retry later. */
    void suspendAfterFailure(Exception cause) {
        if (!counters.suspended) {
            LOG.error("journal append failed; journaling suspended and retried later", cause);
            counters.suspended = true;
        }
        lastCheckNanos = System.nanoTime();
    }

    private void check(long now) {
        checkedOnce = true;
        lastCheckNanos = now;
        bytesSinceCheck = 0;
        long usable;
        try {
            usable = probe.usableBytes(directory);
        } catch (IOException | RuntimeException e) {
            usable = -1; // cannot tell: the safe side is not to write
        }
        if (!counters.suspended && usable < minFreeBytes) {
            LOG.warn("journal suspended: {} bytes free on the file system of {}, below the {} bytes of headroom",
                    usable, directory, minFreeBytes);
            counters.suspended = true;
        } else if (counters.suspended && usable >= resumeFreeBytes) {
            LOG.info("journal resumed: {} bytes free in {}", usable, directory);
            counters.suspended = false;
        }
    }
}
