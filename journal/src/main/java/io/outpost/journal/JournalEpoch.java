package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The epoch of the journal in a directory, read from its identity file alone: no Chronicle, no
 * logging set-up, so a one-shot command ({@code outpost sync status}) can check it in a few
 * milliseconds of a fresh JVM.
 */
public final class JournalEpoch {
    private JournalEpoch() {}

    /** Empty if there is no (readable) journal identity in {@code directory}. */
    public static OptionalLong onDisk(Path directory) {
        try {
            return OptionalLong.of(JournalIdentity.read(directory).epoch());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
