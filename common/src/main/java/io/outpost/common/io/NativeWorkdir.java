package io.outpost.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Netty unpacks its native libraries: java.io.tmpdir unless told otherwise, and a device's
 * /tmp is often mounted noexec (or private to the unit). Each process points it at
 * {@code <stateDir>/tmp} when that is usable, before any Netty class is loaded. Not fatal when it
 * is not: Netty falls back to java.io.tmpdir, or the gateway to NIO.
 */
public final class NativeWorkdir {
    private static final String PROPERTY = "io.netty.native.workdir";

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
            }
        } catch (IOException | RuntimeException e) {
            // Not fatal: see the class comment.
        }
    }
}
