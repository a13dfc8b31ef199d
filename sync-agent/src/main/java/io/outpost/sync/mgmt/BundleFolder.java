package io.outpost.sync.mgmt;

import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Published bundles on the management side: {@code <dir>/<type>/<sequence>.jws}, one file per
 * sequence, never rewritten. The same folder can be copied to removable media for
 * {@code outpost sync import}.
 */
final class BundleFolder {
    record Published(long sequence, Path file) {}

    private final Path dir;

    BundleFolder(Path dir) {
        this.dir = dir;
    }

    Path file(String type, long sequence) {
        return dir.resolve(type).resolve(sequence + ".jws");
    }

    /** The highest published sequence of {@code type}, or null. */
    Published latest(String type) throws IOException {
        if (!UpdateBundle.TYPES.contains(type)) {
            return null;
        }
        Published best = null;
        try (Stream<Path> files = Files.list(dir.resolve(type))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".jws")) {
                    continue;
                }
                try {
                    long seq = Long.parseLong(name.substring(0, name.length() - 4));
                    if (best == null || seq > best.sequence()) {
                        best = new Published(seq, f);
                    }
                } catch (NumberFormatException e) {
                    // not a published bundle (an operator's note, a temp file): ignore
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return best;
    }

    /** Writes a new bundle file; refuses to overwrite a published sequence. */
    Path publish(String type, long sequence, byte[] jws) throws IOException {
        Path f = file(type, sequence);
        if (Files.exists(f)) {
            throw new FileAlreadyExistsException(f + " (sequence " + sequence + " of " + type
                    + " is already published; bundles are never rewritten, publish a higher sequence)");
        }
        AtomicFiles.write(f, jws);
        return f;
    }
}
