package io.outpost.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real command (dpkg-deb, dpkg, tar, sh, the extracted launchers) run to completion, its output kept. */
record Command(List<String> argv, int exitCode, String stdout, String stderr) {

    static Command run(Map<String, String> env, String... argv) {
        try {
            Path out = Files.createTempFile("packaging-out", ".txt");
            Path err = Files.createTempFile("packaging-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out after 180 s: " + String.join(" ", argv));
                }
                return new Command(List.of(argv), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", argv) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Command run(String... argv) {
        return run(Map.of(), argv);
    }

    /** Fails with the whole output unless the command exited 0. */
    Command ok() {
        if (exitCode != 0) {
            throw new AssertionError(this.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
