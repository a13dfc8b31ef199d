package io.outpost.it.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The units in {@code systemd/} as systemd itself reads them (issue 14): hardened to an exposure
 * of at most 2.0 by {@code systemd-analyze security}, and valid for {@code systemd-analyze verify}
 * in a root laid out as the package installs them. Fails, never skips, without systemd-analyze.
 */
class UnitFilesTest {
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private static final Path UNITS = Path.of(System.getProperty("outpost.root", "..")).resolve("systemd");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"outpost-gateway.service", "outpost-sync.service"})
    void exposureIsAtMostTwo(String unit) throws Exception {
        Result r = analyze("security", "--offline=true", "--no-pager", UNITS.resolve(unit).toAbsolutePath().toString());
        Matcher m = EXPOSURE.matcher(r.output);
        assertTrue(m.find(), "no exposure figure in:\n" + r.output);
        double exposure = Double.parseDouble(m.group(1));
        assertTrue(exposure <= 2.0, unit + ": exposure " + exposure + " > 2.0:\n" + r.output);
    }

    @Test
    void verifyAgainstAnInstalledRootSaysNothing() throws Exception {
        // What the package installs: the launchers and the units; systemd's own units for the targets.
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        for (String launcher : List.of("outpost-gateway", "outpost-sync")) {
            Files.writeString(bin.resolve(launcher), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(launcher), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        copyTree(Path.of("/lib/systemd/system"), root.resolve("usr/lib/systemd/system"));
        Path installed = Files.createDirectories(root.resolve("etc/systemd/system"));
        List<String> args = new ArrayList<>(List.of("verify", "--man=no", "--root=" + root));
        for (String unit : List.of("outpost-gateway.service", "outpost-sync.service")) {
            Files.copy(UNITS.resolve(unit), installed.resolve(unit));
            args.add("/etc/systemd/system/" + unit);
        }
        Result r = analyze(args.toArray(String[]::new));
        assertEquals(0, r.exit, r.output);
        assertEquals("", r.output.strip(), "systemd-analyze verify warns");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        assertTrue(Files.isDirectory(from), from + " is missing: systemd's units (Debian package systemd) are needed");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private record Result(int exit, String output) {}

    private static Result analyze(String... args) throws Exception {
        assertTrue(Files.isExecutable(ANALYZE), ANALYZE + " is missing: install Debian's systemd package (.ci/run does)");
        List<String> command = new ArrayList<>(List.of(ANALYZE.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish");
        return new Result(p.exitValue(), output);
    }
}
