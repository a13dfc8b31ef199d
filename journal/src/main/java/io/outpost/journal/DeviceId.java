package io.outpost.journal;

import io.outpost.common.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The device's identity in event ids. Configured wins; otherwise it is generated once and kept in
 * the state directory, so that it survives restarts and upgrades but not a wiped state directory.
 */
public final class DeviceId {
    /** Restricted so that an event id {@code <deviceId>:<epoch>:<index>} splits unambiguously. */
    /** What a device id may be: it names files and travels in batch headers. */
    public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    static final String FILE_NAME = "device-id";

    private DeviceId() {}

    public static String loadOrCreate(Path stateDir, String configured) {
        if (configured != null && !configured.isBlank()) {
            return validated(configured.strip(), "configured device id");
        }
        Path file = stateDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return validated(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
            }
            String generated = UUID.randomUUID().toString();
            AtomicFiles.write(file, (generated + "\n").getBytes(StandardCharsets.UTF_8));
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the device id in " + file, e);
        }
    }

    private static String validated(String id, String source) {
        if (!SAFE.matcher(id).matches()) {
            throw new IllegalArgumentException(source + " must be 1-128 characters of A-Z a-z 0-9 . _ - but is \""
                    + id + "\"");
        }
        return id;
    }
}
