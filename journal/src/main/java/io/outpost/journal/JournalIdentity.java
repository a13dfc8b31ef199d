package io.outpost.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.outpost.common.io.AtomicFiles;
import io.outpost.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.LoggerFactory;

/**
 * Who wrote this journal directory: the device id and the queue epoch. The epoch is random and
 * written once when the directory is first used, so a recreated directory (whose Chronicle
 * indices restart) gets a new one and event ids never repeat. Random rather than the creation
 * time because a device without a real-time clock may boot at the same wrong time every time.
 */
record JournalIdentity(String deviceId, long epoch) {
    static final String FILE_NAME = "journal.id";
    private static final JsonFactory STREAMING = new JsonFactory();

    /** The gateway's view: creates the identity on first use; a changed device id is adopted, the epoch kept. */
    static JournalIdentity loadOrCreate(Path directory, String deviceId) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            JournalIdentity existing = read(directory);
            if (existing.deviceId().equals(deviceId)) {
                return existing;
            }
            // The logger is looked up here only: readers of the identity (a status command) skip its start-up.
            LoggerFactory.getLogger(JournalIdentity.class).warn("journal {} was written as device {}; continuing it as device {} (same epoch {})",
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
        String deviceId = null;
        long epoch = 0;
        // The streaming parser, not the mapper: the agent's one-shot commands read this, and a
        // databind mapper takes ~0.2 s to start in a fresh JVM.
        try (JsonParser p = STREAMING.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("unreadable journal identity " + file + ": not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("deviceId") && value == JsonToken.VALUE_STRING) {
                    deviceId = p.getText();
                } else if (name.equals("epoch") && value == JsonToken.VALUE_NUMBER_INT) {
                    epoch = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("unreadable journal identity " + file + ": " + e.getOriginalMessage(), e);
        }
        if (deviceId == null || epoch <= 0) {
            throw new IOException("incomplete journal identity in " + file);
        }
        return new JournalIdentity(deviceId, epoch);
    }

    private void write(Path directory) throws IOException {
        AtomicFiles.write(directory.resolve(FILE_NAME), Json.bytes(this));
    }

    private static long newEpoch() {
        SecureRandom random = new SecureRandom(); // once per new journal; not in the readers' class init
        long epoch;
        do {
            epoch = random.nextLong() & Long.MAX_VALUE;
        } while (epoch == 0);
        return epoch;
    }
}
