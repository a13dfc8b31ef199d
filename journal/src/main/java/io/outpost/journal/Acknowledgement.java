package io.outpost.journal;

import io.outpost.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The highest journal index the management side has accepted, written by the sync agent after a
 * 2xx and read by the gateway, which alone deletes cycles at or below it. It lives inside the
 * journal directory and names its epoch, so a recreated journal never trusts an old
 * acknowledgement.
 */
public final class Acknowledgement {
    static final String FILE_NAME = "acknowledged";

    private Acknowledgement() {}

    public static void write(Path journalDirectory, long epoch, long index) throws IOException {
        AtomicFiles.write(journalDirectory.resolve(FILE_NAME),
                (epoch + " " + index + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The acknowledged index for this epoch; empty if none, of another epoch, or unreadable. */
    public static OptionalLong read(Path journalDirectory, long epoch) {
        try {
            String[] parts = Files.readString(journalDirectory.resolve(FILE_NAME), StandardCharsets.US_ASCII)
                    .strip().split("\\s+");
            if (parts.length == 2 && Long.parseLong(parts[0]) == epoch) {
                return OptionalLong.of(Long.parseLong(parts[1]));
            }
            return OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            // A torn or foreign file must not stop the gateway; deleting nothing is the safe side.
            return OptionalLong.empty();
        }
    }
}
