package io.outpost.testing;

import static org.awaitility.Awaitility.await;

import io.outpost.common.process.JvmOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real JVM subprocess running one of Outpost's mains with the JVM options of its role from
 * {@code jvm.properties}, exactly as the launcher starts it. Output (stdout and stderr merged)
 * is collected line by line so tests can wait for a line and inspect everything printed.
 */
public final class JavaProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private JavaProcess(Process process) {
        this.process = process;
        this.pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("[test: output pump failed: " + e + "]");
            }
        }, "output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Builder for a subprocess. */
    public static final class Spec {
        private final String role;
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new java.util.HashMap<>();
        private final List<String> launcher = new ArrayList<>();
        private Path workDir;

        private Spec(String role, String mainClass) {
            this.role = role;
            this.mainClass = mainClass;
        }

        public Spec args(String... a) {
            args.addAll(List.of(a));
            return this;
        }

        public Spec jvmArgs(String... a) {
            jvmArgs.addAll(List.of(a));
            return this;
        }

        public Spec env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Spec workDir(Path dir) {
            workDir = dir;
            return this;
        }

        /**
         * A command that execs the JVM, e.g. {@code ip netns exec NAME}: the process handle stays the
         * JVM's own, so stop and kill -9 reach it.
         */
        public Spec launcher(List<String> prefix) {
            launcher.addAll(prefix);
            return this;
        }

        public JavaProcess start() throws IOException {
            List<String> cmd = new ArrayList<>(launcher);
            cmd.add(Emulation.javaCommand());
            cmd.addAll(JvmOptions.load(Paths.root().resolve("jvm.properties")).forRole(role));
            cmd.addAll(jvmArgs);
            String arch = Emulation.expectedArch();
            if (arch != null) {
                cmd.add("-Doutpost.test.expectArch=" + arch);
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            if (arch != null) {
                cmd.add(ArchCheckMain.class.getName());
            }
            cmd.add(mainClass);
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            JavaProcess started = new JavaProcess(pb.start());
            if (arch != null) {
                // Emulated run: the child says which os.arch it got (and exits if not the expected one)
                // before its main starts, so a child on the host's JVM fails here, naming itself.
                started.awaitLine("^" + ArchCheckMain.LINE + arch + "$", Duration.ofSeconds(60));
            }
            return started;
        }

        /** Runs to completion (bounded) and returns the exit code and output. */
        public Result run(Duration timeout) throws IOException, InterruptedException {
            try (JavaProcess p = start()) {
                if (!p.process.waitFor(Emulation.scale(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("process did not finish within " + timeout + ":\n" + p.output());
                }
                p.pump.join(5000);
                return new Result(p.process.exitValue(), p.output());
            }
        }
    }

    public record Result(int exitCode, String output) {}

    /**
     * The gateway as deployed, except that Netty's leak detector samples buffers again (devices run
     * it disabled); a test that wants every buffer tracked adds the paranoid level after this.
     */
    public static Spec gateway(String... args) {
        return new Spec("gateway", "io.outpost.gateway.GatewayMain").args(args)
                .jvmArgs("-Dio.netty.leakDetection.level=simple");
    }

    public static Spec toolkit(String... args) {
        return new Spec("toolkit", "io.outpost.toolkit.OutpostCli").args(args);
    }

    public static Spec of(String role, String mainClass, String... args) {
        return new Spec(role, mainClass).args(args);
    }

    /**
     * Waits for a line matching {@code regex} and returns its match. Fails early if the process exits.
     * The timeout scales by the run's factor ({@link Emulation#scale}).
     */
    public Matcher awaitLine(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        Matcher[] found = new Matcher[1];
        await().atMost(Emulation.scale(timeout)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (String line : lines) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    found[0] = m;
                    return true;
                }
            }
            if (!process.isAlive()) {
                pump.join(2000);
                throw new AssertionError("process exited with " + process.exitValue() + " before printing /" + regex
                        + "/:\n" + output());
            }
            return false;
        });
        return found[0];
    }

    public String output() {
        return String.join("\n", lines);
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM through kill(1). {@link Process#destroy()} would also close our end of the
     * process's output pipe, losing everything it prints while shutting down.
     */
    public void terminate() {
        try {
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                process.destroy();
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    /** SIGTERM, then SIGKILL if it does not stop in time; returns the exit code. */
    public int stop() throws InterruptedException {
        terminate();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(2000);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
