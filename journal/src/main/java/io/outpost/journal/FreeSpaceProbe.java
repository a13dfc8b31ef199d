package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Path;

/** Usable bytes on the journal's file system; a seam so tests can simulate a full disk. */
@FunctionalInterface
interface FreeSpaceProbe {
    long usableBytes(Path directory) throws IOException;

    /**
     * statvfs(2) on the directory itself. Not Files.getFileStore: that looks the mount up in
     * /proc/mounts, which systemd's ProcSubset=pid hides ("Mount point not found"), and the journal
     * would stay suspended for want of free space. 0 (suspended) when the directory is unreadable.
     */
    FreeSpaceProbe FILE_STORE = dir -> dir.toFile().getUsableSpace();
}
