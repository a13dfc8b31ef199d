package io.outpost.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import io.outpost.testing.Paths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./outpost launcher as a user runs it, and reproducible builds across directories, umask and time zone. */
class LauncherAndReproducibilityTest {

    @Test
    void launcherDispatchesAndFailsWithNonZeroCodes(@TempDir Path work) throws Exception {
        Path home = work.resolve("home");
        JavaProcess.Result help = Cli.launcher(work, home, "", "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("build"), help.output());
        JavaProcess.Result gatewayHelp = Cli.launcher(work, home, "", "gateway", "--help");
        assertEquals(0, gatewayHelp.exitCode(), gatewayHelp.output());
        assertTrue(gatewayHelp.output().contains("--artifact"));
        assertNotEquals(0, Cli.launcher(work, home, "", "no-such-command").exitCode());
        assertNotEquals(0, Cli.launcher(work, home, "", "gateway", "--no-such-option").exitCode());
        assertNotEquals(0, Cli.launcher(work, home, "", "build", work.resolve("missing").toString()).exitCode());
    }

    @Test
    void sameProjectAndKeyGiveIdenticalBytesAnywhere(@TempDir Path work) throws Exception {
        Path home = work.resolve("home");
        Path first = work.resolve("a/deep/first");
        Path second = work.resolve("b");
        copy(Paths.root().resolve("examples/quickstart"), first);
        copy(Paths.root().resolve("examples/quickstart"), second);
        JavaProcess.Result one = Cli.launcher(work, home, "umask 022; export TZ=UTC LC_ALL=C;", "build", first.toString(),
                "-o", work.resolve("one.outpost").toString());
        assertEquals(0, one.exitCode(), one.output());
        JavaProcess.Result two = Cli.launcher(second, home, "umask 077; export TZ=Pacific/Kiritimati LC_ALL=tr_TR.UTF-8;",
                "build", ".", "-o", work.resolve("two.outpost").toString());
        assertEquals(0, two.exitCode(), two.output());
        assertEquals(-1L, Files.mismatch(work.resolve("one.outpost"), work.resolve("two.outpost")),
                "artifacts differ:\n" + one.output() + "\n" + two.output());
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.toString().contains("/target/")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
