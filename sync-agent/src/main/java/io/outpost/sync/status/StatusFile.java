package io.outpost.sync.status;

import io.outpost.common.io.AtomicFiles;
import io.outpost.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and writes {@link AgentStatus} atomically, so a reader never sees half a file. */
public final class StatusFile {
    private StatusFile() {}

    public static void write(Path file, AgentStatus status) throws IOException {
        AtomicFiles.write(file, Json.bytes(status));
    }

    public static Optional<AgentStatus> read(Path file) throws IOException {
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), AgentStatus.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(file + ": unreadable status file: " + e.getMessage(), e);
        }
    }
}
