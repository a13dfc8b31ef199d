package io.outpost.provisioning.bundle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Two-phase write of many files: every file is first written and synced beside its target under a
 * temporary name with its final mode and owner, and only when all are there is each renamed over its
 * target. A failure while staging (disk full, permission) removes the staged files and changes nothing
 * installed; each rename is atomic, so a reader never sees half a file.
 */
final class StagedFiles implements AutoCloseable {
    private static final String SUFFIX = ".provision-tmp";

    record Staged(Path temp, Path target) {}

    private final List<Staged> staged = new ArrayList<>();
    private boolean committed;

    void stage(Path target, byte[] bytes, String mode, Integer uid, Integer gid) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + SUFFIX);
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        staged.add(new Staged(temp, target));
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode)); // the umask narrowed the create
        if (uid != null) {
            Files.setAttribute(temp, "unix:uid", uid);
            Files.setAttribute(temp, "unix:gid", gid);
        }
    }

    void commit() throws IOException {
        for (Staged s : staged) {
            Files.move(s.temp(), s.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            for (Staged s : staged) {
                Files.deleteIfExists(s.temp());
            }
        }
    }
}
