package io.outpost.sync;

import io.outpost.testing.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sync agent ({@code outpost sync run}) as a real subprocess, for tests. */
final class Agent implements AutoCloseable {
    static final String MAIN = "io.outpost.sync.SyncMain";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static long clockTicks;

    final JavaProcess process;
    final int adminPort;

    private Agent(JavaProcess process, int adminPort) {
        this.process = process;
        this.adminPort = adminPort;
    }

    static Agent start(Path config) throws IOException {
        JavaProcess p = JavaProcess.of("sync", MAIN, "run", "--config", config.toString(), "--admin-port", "0").start();
        try {
            Matcher m = p.awaitLine("outpost-sync ready admin=127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(30));
            return new Agent(p, Integer.parseInt(m.group(1)));
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    /** Runs a one-shot subcommand (status, export, import) to completion. */
    static JavaProcess.Result command(Duration timeout, String... args) throws IOException, InterruptedException {
        return JavaProcess.of("sync", MAIN, args).run(timeout);
    }

    String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** One sample from /metrics, e.g. {@code metric("outpost_sync_failures_total{kind=\"network\"}")}. */
    double metric(String sample) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(metrics());
        if (!m.find()) {
            throw new AssertionError("no metric " + sample + " in\n" + metrics());
        }
        return Double.parseDouble(m.group(1));
    }

    long pid() {
        return process.process().pid();
    }

    /** CPU time (user + system) the agent has used so far, from /proc/<pid>/stat. */
    Duration cpuTime() throws IOException, InterruptedException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"), StandardCharsets.US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
        return Duration.ofMillis(ticks * 1000 / clockTicks());
    }

    private static synchronized long clockTicks() throws IOException, InterruptedException {
        if (clockTicks == 0) {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            clockTicks = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
            p.waitFor();
        }
        return clockTicks;
    }

    void kill9() throws InterruptedException {
        process.process().destroyForcibly();
        process.process().waitFor();
    }

    int stop() throws InterruptedException {
        return process.stop();
    }

    @Override
    public void close() {
        process.close();
    }
}
