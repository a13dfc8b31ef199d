package io.outpost.it.provision;

import io.outpost.common.process.JvmOptions;
import io.outpost.testing.Paths;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two CLIs as real processes with a passphrase on stdin ({@code --passphrase-fd 0}): the
 * toolkit's {@code outpost} (the authority's machine) and the device CLI on the provisioning module's
 * own class path (its jar and target/lib: what a device has, no OpenAPI parser).
 */
final class Commands {
    record Result(int exitCode, String stdout, String stderr) {}

    private Commands() {}

    static Result toolkit(String stdin, String... args) throws Exception {
        return run(System.getProperty("java.class.path"), "io.outpost.toolkit.OutpostCli", stdin, args);
    }

    static Result device(String stdin, String... args) throws Exception {
        Path module = Paths.root().resolve("provisioning/target");
        List<String> cp = new ArrayList<>(List.of(module.resolve("outpost-provisioning.jar").toString()));
        try (var jars = Files.list(module.resolve("lib"))) {
            jars.sorted().forEach(j -> cp.add(j.toString()));
        }
        if (cp.stream().anyMatch(j -> j.contains("swagger"))) {
            throw new AssertionError("the device CLI's class path holds the OpenAPI parser: " + cp);
        }
        return run(String.join(File.pathSeparator, cp), "io.outpost.provisioning.cli.DeviceCli", stdin, args);
    }

    private static Result run(String classPath, String main, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JvmOptions.load(Paths.root().resolve("jvm.properties")).forRole("toolkit"));
        cmd.addAll(List.of("-cp", classPath, main));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + cmd);
        }
        try {
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
