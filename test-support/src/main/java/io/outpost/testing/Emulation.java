package io.outpost.testing;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a test run under emulation (arm-test/run.sh: aarch64 HotSpot under qemu-user, {@code -Parm64})
 * changes for the tests. Every property is unset in a native run, where each method answers as before.
 * <ul>
 *   <li>{@code outpost.test.java}: the java command for child JVMs. Under qemu the test JVM's own
 *       {@code java.home/bin/java} is an aarch64 binary the kernel cannot exec without binfmt_misc, so
 *       children go through the same wrapper the test JVM runs in.</li>
 *   <li>{@code outpost.test.expectArch}: the {@code os.arch} every JVM of the run must report, so a child
 *       that silently fell back to the host's x86 JVM fails instead of passing.</li>
 *   <li>{@code outpost.test.timeoutFactor}: everything is 3-20x slower emulated; waits scale by it.</li>
 * </ul>
 */
public final class Emulation {
    private Emulation() {}

    public static double timeoutFactor() {
        String f = System.getProperty("outpost.test.timeoutFactor");
        return f == null || f.isBlank() ? 1.0 : Double.parseDouble(f);
    }

    /** {@code timeout} times the run's factor (itself in a native run). */
    public static Duration scale(Duration timeout) {
        double f = timeoutFactor();
        return f == 1.0 ? timeout : Duration.ofMillis((long) (timeout.toMillis() * f));
    }

    /** The os.arch the run expects of every JVM, or null when any will do. */
    public static String expectedArch() {
        String a = System.getProperty("outpost.test.expectArch");
        return a == null || a.isBlank() ? null : a;
    }

    /** The java command child JVMs start with. */
    public static String javaCommand() {
        String java = System.getProperty("outpost.test.java");
        return java == null || java.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : java;
    }

    /** Fails unless this JVM reports the expected os.arch (when one is expected). */
    public static void checkArch(String who) {
        String expected = expectedArch();
        String actual = System.getProperty("os.arch");
        if (expected != null && !expected.equals(actual)) {
            throw new AssertionError(who + " runs on os.arch=" + actual + ", the run expects " + expected
                    + " (a JVM that fell back to the host's?)");
        }
    }
}
