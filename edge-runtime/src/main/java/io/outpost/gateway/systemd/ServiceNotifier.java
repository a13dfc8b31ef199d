package io.outpost.gateway.systemd;

import io.netty.channel.EventLoopGroup;
import io.outpost.common.systemd.ExecutorsAnswer;
import io.outpost.common.systemd.SystemdNotifier;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's side of its {@code Type=notify} unit ({@code systemd/outpost-gateway.service}):
 * ready once listening, stopping when the drain begins, and the watchdog fed only while every
 * event loop runs a no-op in time. Does nothing when not started by systemd.
 */
public final class ServiceNotifier {
    private final SystemdNotifier systemd;

    private ServiceNotifier(SystemdNotifier systemd) {
        this.systemd = systemd;
    }

    public static ServiceNotifier fromEnvironment() {
        return new ServiceNotifier(SystemdNotifier.from(System.getenv()));
    }

    public void ready(String status) {
        systemd.ready(status);
    }

    public void stopping() {
        systemd.stopping();
        systemd.close();
    }

    public void startWatchdog(List<EventExecutor> loops) {
        systemd.startWatchdog(new ExecutorsAnswer(loops));
    }

    /** Every event loop of the groups, for {@link #startWatchdog}. */
    public static List<EventExecutor> loopsOf(EventLoopGroup... groups) {
        List<EventExecutor> loops = new ArrayList<>();
        for (EventLoopGroup group : groups) {
            group.forEach(loops::add);
        }
        return loops;
    }
}
