package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * TEST ONLY: holds the appender thread, so a test can kill the gateway at the one moment that
 * tells the durability modes apart (an exchange ended, its record not yet appended) instead of
 * hoping to hit it under load. With {@code OUTPOST_TEST_JOURNAL_HOLD=<file>} in the gateway's
 * environment, while {@code <file>} exists the appender waits before each record, and says so by
 * creating {@code <file>.held}. Unset (always, outside tests) it costs nothing: {@link #FILE} is a
 * constant null and the check folds away.
 */
final class TestHold {
    static final Path FILE = file(System.getenv("OUTPOST_TEST_JOURNAL_HOLD"));

    private TestHold() {}

    /** Waits while the hold file exists; creates {@code <file>.held} first, removes it after. */
    static void whileHeld() {
        if (FILE == null || !Files.exists(FILE)) {
            return;
        }
        Path held = FILE.resolveSibling(FILE.getFileName() + ".held");
        try {
            Files.deleteIfExists(held);
            Files.createFile(held);
            while (Files.exists(FILE)) {
                LockSupport.parkNanos(1_000_000);
            }
            Files.deleteIfExists(held);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path file(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
