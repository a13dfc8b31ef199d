package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Usable bytes on the journal's file system; a seam so tests can simulate a full disk. */
@FunctionalInterface
interface FreeSpaceProbe {
    long usableBytes(Path directory) throws IOException;

    FreeSpaceProbe FILE_STORE = dir -> Files.getFileStore(dir).getUsableSpace();
}
