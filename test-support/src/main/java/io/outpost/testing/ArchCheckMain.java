package io.outpost.testing;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs in front of a child JVM's real main when a run expects an architecture (see {@link Emulation}):
 * prints the child's os.arch on a line {@link JavaProcess} waits for, and exits with 86 before the main
 * starts if it is not the expected one, so a child on the wrong JVM fails its test at once.
 */
public final class ArchCheckMain {
    static final String LINE = "outpost-test child os.arch=";
    static final int WRONG_ARCH = 86;

    private ArchCheckMain() {}

    public static void main(String[] args) throws Throwable {
        String arch = System.getProperty("os.arch");
        System.err.println(LINE + arch);
        try {
            Emulation.checkArch("this child JVM (" + args[0] + ")");
        } catch (AssertionError e) {
            System.err.println(e.getMessage());
            System.exit(WRONG_ARCH);
        }
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause(); // the main's own failure, as if it had been started directly
        }
    }
}
