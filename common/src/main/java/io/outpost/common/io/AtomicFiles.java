package io.outpost.common.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either the old content or the whole new one, never a torn
 * file (a gateway may pick up an artifact while it is being written): temp file in the same
 * folder, then a rename.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Readable by all (mode 0644 on POSIX file systems), like any build output. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, "rw-r--r--");
    }

    /** With the given POSIX permissions (e.g. "rw-------" for a private key), set before the file is visible. */
    public static void write(Path target, byte[] content, String posixPermissions) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            try {
                // Set before writing, whatever the umask made of the temp file (0600).
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(posixPermissions));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: keep its defaults.
            }
            Files.write(tmp, content);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
