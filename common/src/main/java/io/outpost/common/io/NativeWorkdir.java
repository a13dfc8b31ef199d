package io.outpost.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Netty and jffi (Chronicle's JNR: msync, OS probes) unpack their native libraries:
 * java.io.tmpdir unless told otherwise, and a device's /tmp is often mounted noexec (or private to
 * the unit). Each process points both at {@code <stateDir>/tmp} when that is usable, before any
 * Netty or Chronicle class is loaded. Not fatal when it is not: Netty falls back to java.io.tmpdir,
 * or the gateway to NIO. jffi told no directory makes a temporary file it deletes at exit, and when
 * it is first loaded during shutdown (a journal closed at exit) that fails and it falls back to the
 * working directory, leaving an empty {@code jffi*.so} there (at / under a package's postinst);
 * with a directory it unpacks one file by version and reuses it.
 */
public final class NativeWorkdir {
    private static final String PROPERTY = "io.netty.native.workdir";
    private static final String JFFI_PROPERTY = "jffi.extract.dir";

    private NativeWorkdir() {}

    /** Uses {@code stateDir/tmp}, unless a workdir is set already. */
    public static void underStateDirectory(Path stateDir) {
        if (System.getProperty(PROPERTY) != null || stateDir == null) {
            return;
        }
        Path dir = stateDir.resolve("tmp");
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                System.setProperty(PROPERTY, dir.toString());
                if (System.getProperty(JFFI_PROPERTY) == null) {
                    System.setProperty(JFFI_PROPERTY, dir.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not fatal: see the class comment.
        }
    }
}
