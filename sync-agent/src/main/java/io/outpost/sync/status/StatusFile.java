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

    /** Read without databind (see {@link RecordJson}): {@code outpost sync status} must answer fast. */
    public static Optional<AgentStatus> read(Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordJson.read(content, AgentStatus.class));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": unreadable status file: " + e.getMessage(), e);
        }
    }
}
