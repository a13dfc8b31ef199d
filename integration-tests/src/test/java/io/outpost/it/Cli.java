package io.outpost.it;

import io.outpost.testing.JavaProcess;
import io.outpost.testing.Paths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the toolkit CLI as a real subprocess, either directly or through the ./outpost launcher. */
final class Cli {
    private Cli() {}

    static JavaProcess.Result toolkit(Path workDir, Path home, String... args) throws Exception {
        return JavaProcess.toolkit(args).workDir(workDir).env("OUTPOST_HOME", home.toString()).run(Duration.ofSeconds(120));
    }

    /** {@code ./outpost ARGS} through bash, with extra shell set-up (umask, TZ) before it. */
    static JavaProcess.Result launcher(Path workDir, Path home, String shellPrefix, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", shellPrefix + " exec \"$0\" \"$@\"",
                Paths.root().resolve("outpost").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("OUTPOST_HOME", home.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish: " + new String(out, StandardCharsets.UTF_8));
        }
        return new JavaProcess.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
