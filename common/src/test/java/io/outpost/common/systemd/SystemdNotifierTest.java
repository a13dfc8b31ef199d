package io.outpost.common.systemd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifierTest {
    private static final long WATCHDOG_USEC = 400_000; // WATCHDOG=1 every 200 ms
    private static final Duration INTERVAL = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Test
    void withoutNotifySocketEverythingIsANoOp() throws Exception {
        try (SystemdNotifier n = SystemdNotifier.from(Map.of("WATCHDOG_USEC", "400000"))) {
            assertFalse(n.active());
            assertNull(n.watchdogInterval());
            n.ready("x");
            n.startWatchdog(within -> { throw new AssertionError("probed without systemd"); });
            n.stopping();
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("systemd-watchdog")));
    }

    @Test
    void readyStatusAndStoppingArriveOnAPathSocket() throws Exception {
        String path = dir.resolve("notify").toString();
        try (NotifyReceiver systemd = new NotifyReceiver(path);
             SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", path))) {
            assertTrue(n.active());
            assertNull(n.watchdogInterval(), "no WATCHDOG_USEC, no watchdog");
            n.ready("serving petstore\non :9090");
            n.status("draining");
            n.stopping();
            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.received().size() == 3);
            assertEquals(List.of("READY=1\nSTATUS=serving petstore on :9090", "STATUS=draining", "STOPPING=1"), systemd.received());
        }
    }

    @Test
    void anAbstractSocketIsWrittenWithALeadingAt() throws Exception {
        String name = "outpost-test-" + UUID.randomUUID();
        try (NotifyReceiver systemd = new NotifyReceiver("\0" + name);
             SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", "@" + name))) {
            n.ready("up");
            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.received().equals(List.of("READY=1\nSTATUS=up")));
        }
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsIgnored() throws Exception {
        String path = dir.resolve("notify").toString();
        try (NotifyReceiver systemd = new NotifyReceiver(path);
             SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", "400000",
                     "WATCHDOG_PID", String.valueOf(ProcessHandle.current().pid() + 1)))) {
            assertNull(n.watchdogInterval());
        }
    }

    @Test
    void watchdogIsFedOnlyWhileEveryEventLoopAnswers() throws Exception {
        String path = dir.resolve("notify").toString();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        CountDownLatch release = new CountDownLatch(1);
        try (NotifyReceiver systemd = new NotifyReceiver(path);
             SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", String.valueOf(WATCHDOG_USEC),
                     "WATCHDOG_PID", String.valueOf(ProcessHandle.current().pid())))) {
            assertEquals(INTERVAL, n.watchdogInterval());
            n.ready("up");
            n.startWatchdog(new ExecutorsAnswer(loops));
            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.count("WATCHDOG=1") >= 3);

            CountDownLatch blocked = new CountDownLatch(1);
            loops.get(1).execute(() -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocked.await(5, TimeUnit.SECONDS));
            // A probe already answered before the block may still send one; after that, none for > 2 intervals.
            long[] seen = {systemd.count("WATCHDOG=1")};
            await().during(INTERVAL.multipliedBy(2).plusMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> {
                long now = systemd.count("WATCHDOG=1");
                boolean none = now == seen[0];
                seen[0] = now;
                return none;
            });

            release.countDown();
            long before = systemd.count("WATCHDOG=1");
            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.count("WATCHDOG=1") >= before + 2);
        } finally {
            release.countDown();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
