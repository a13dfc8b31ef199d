package io.outpost.toolkit.quickstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One process the quickstart runs through the launcher (gateway, receiver, sync agent): its
 * output is shown with a prefix, its ready line is awaited, and it is stopped with SIGTERM.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Thread pump;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Matcher readyMatch;

    private ChildProcess(String name, Process process, Pattern readyLine, PrintWriter out) {
        this.name = name;
        this.process = process;
        this.pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.println("[" + name + "] " + line);
                        out.flush();
                    }
                    Matcher m = readyLine.matcher(line);
                    if (readyMatch == null && m.find()) {
                        readyMatch = m;
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process went away; awaitReady or waitFor reports it
            }
        }, "quickstart-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    static ChildProcess start(String name, List<String> command, Pattern readyLine, PrintWriter out) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildProcess(name, p, readyLine, out);
    }

    /** @return the match of the ready line, or null when the process exited first */
    Matcher awaitReady() throws InterruptedException {
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                pump.join(2000);
                return readyMatch;
            }
        }
        return readyMatch;
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM (the child drains and flushes), then SIGKILL if it does not stop in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
            kill.waitFor(5, TimeUnit.SECONDS);
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            pump.join(2000);
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
