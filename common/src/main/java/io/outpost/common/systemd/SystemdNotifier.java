package io.outpost.common.systemd;

import io.outpost.common.io.NativeWorkdir;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) for a {@code Type=notify} unit: READY=1 once serving, STOPPING=1 on shutdown, and
 * WATCHDOG=1 every half {@code WATCHDOG_USEC} only while a {@link Liveness} probe passes, so that a
 * wedged process is restarted by systemd. Without {@code NOTIFY_SOCKET} (not under systemd) every
 * call does nothing: no socket, no thread, no Netty class loaded. A failure to send is logged, never
 * thrown: the service runs on, and systemd's own timeouts then say what went wrong.
 */
public final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final NotifySocket socket;
    private final Duration watchdogTimeout;
    private ScheduledExecutorService watchdog;
    private volatile boolean answering = true;

    private SystemdNotifier(NotifySocket socket, Duration watchdogTimeout) {
        this.socket = socket;
        this.watchdogTimeout = watchdogTimeout;
    }

    /** @param env the process environment ({@code System.getenv()}); a test passes its own */
    public static SystemdNotifier from(Map<String, String> env) {
        String path = env.get("NOTIFY_SOCKET");
        if (path == null || path.isEmpty()) {
            return new SystemdNotifier(null, null);
        }
        // systemd names the unit's StateDirectory= (the gateway has set its own workdir already).
        String stateDirectories = env.get("STATE_DIRECTORY");
        if (stateDirectories != null && !stateDirectories.isEmpty()) {
            NativeWorkdir.underStateDirectory(Path.of(stateDirectories.split(":")[0]));
        }
        try {
            return new SystemdNotifier(NotifySocket.open(path), watchdogTimeout(env));
        } catch (IOException e) {
            LOG.warn("cannot notify systemd on NOTIFY_SOCKET={}: {}", path, e.getMessage());
            return new SystemdNotifier(null, null);
        }
    }

    /** WATCHDOG_USEC, if the watchdog is meant for this process (WATCHDOG_PID unset or ours). */
    private static Duration watchdogTimeout(Map<String, String> env) {
        try {
            String pid = env.get("WATCHDOG_PID");
            if (pid != null && !pid.isEmpty() && Long.parseLong(pid) != ProcessHandle.current().pid()) {
                return null;
            }
            String usec = env.get("WATCHDOG_USEC");
            long micros = usec == null || usec.isEmpty() ? 0 : Long.parseLong(usec);
            return micros > 0 ? Duration.ofNanos(micros * 1000) : null;
        } catch (NumberFormatException e) {
            LOG.warn("ignoring the systemd watchdog: WATCHDOG_USEC or WATCHDOG_PID is not a number: {}", e.getMessage());
            return null;
        }
    }

    /** True under systemd with a notify socket that could be opened. */
    public boolean active() {
        return socket != null;
    }

    /** The interval between WATCHDOG=1 messages, or null when systemd watches nothing. */
    public Duration watchdogInterval() {
        return socket == null || watchdogTimeout == null ? null : watchdogTimeout.dividedBy(2);
    }

    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** Stops the watchdog too: a draining process must not be restarted for not answering. */
    public void stopping() {
        stopWatchdog();
        send("STOPPING=1");
    }

    /** Sends WATCHDOG=1 every {@link #watchdogInterval()} while {@code probe} passes within half of it. */
    public synchronized void startWatchdog(Liveness probe) {
        Duration interval = watchdogInterval();
        if (interval == null || watchdog != null) {
            return;
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "systemd-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(() -> tick(probe, interval.dividedBy(2)), 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick(Liveness probe, Duration bound) {
        String problem;
        try {
            problem = probe.problem(bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            problem = "the probe failed: " + e;
        }
        if (problem == null) {
            if (!answering) {
                LOG.info("answering again: systemd's watchdog is fed again");
                answering = true;
            }
            send("WATCHDOG=1");
        } else if (answering) {
            answering = false;
            LOG.error("not answering ({}): no WATCHDOG=1 until it does; systemd restarts the service {} after the last one",
                    problem, watchdogTimeout);
        }
    }

    private synchronized void stopWatchdog() {
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
    }

    private void send(String message) {
        if (socket == null) {
            return;
        }
        try {
            socket.send(message);
        } catch (IOException e) {
            LOG.warn("cannot notify systemd ({}): {}", message.lines().findFirst().orElse(""), e.getMessage());
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }

    @Override
    public void close() {
        stopWatchdog();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing the notify socket: {}", e.toString());
            }
        }
    }
}
