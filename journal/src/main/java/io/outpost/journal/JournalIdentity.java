package io.outpost.journal;

import io.outpost.common.io.AtomicFiles;
import io.outpost.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who wrote this journal directory: the device id and the queue epoch. The epoch is random and
 * written once when the directory is first used, so a recreated directory (whose Chronicle
 * indices restart) gets a new one and event ids never repeat. Random rather than the creation
 * time because a device without a real-time clock may boot at the same wrong time every time.
 */
record JournalIdentity(String deviceId, long epoch) {
    static final String FILE_NAME = "journal.id";
    private static final Logger LOG = LoggerFactory.getLogger(JournalIdentity.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The gateway's view: creates the identity on first use; a changed device id is adopted, the epoch kept. */
    static JournalIdentity loadOrCreate(Path directory, String deviceId) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            JournalIdentity existing = read(directory);
            if (existing.deviceId().equals(deviceId)) {
                return existing;
            }
            LOG.warn("journal {} was written as device {}; continuing it as device {} (same epoch {})",
                    directory, existing.deviceId(), deviceId, existing.epoch());
            JournalIdentity renamed = new JournalIdentity(deviceId, existing.epoch());
            renamed.write(directory);
            return renamed;
        }
        JournalIdentity created = new JournalIdentity(deviceId, newEpoch());
        created.write(directory);
        return created;
    }

    /** The sync agent's view: the gateway must have created the journal. */
    static JournalIdentity read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null,
                    "no journal identity: the gateway has not created a journal in " + directory + " yet");
        }
        try {
            JournalIdentity id = Json.read(content, JournalIdentity.class);
            if (id.deviceId() == null || id.epoch() <= 0) {
                throw new IOException("incomplete journal identity in " + file);
            }
            return id;
        } catch (RuntimeException e) {
            throw new IOException("unreadable journal identity " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Path directory) throws IOException {
        AtomicFiles.write(directory.resolve(FILE_NAME), Json.bytes(this));
    }

    private static long newEpoch() {
        long epoch;
        do {
            epoch = RANDOM.nextLong() & Long.MAX_VALUE;
        } while (epoch == 0);
        return epoch;
    }
}
