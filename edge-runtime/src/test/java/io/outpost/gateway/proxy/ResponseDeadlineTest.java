package io.outpost.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseDeadlineTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final ResponseDeadline deadline = new ResponseDeadline(loop);
    private final AtomicInteger firstFired = new AtomicInteger();
    private final AtomicInteger secondFired = new AtomicInteger();
    private final ResponseDeadline.Expiry first = firstFired::incrementAndGet;
    private final ResponseDeadline.Expiry second = secondFired::incrementAndGet;

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private void onLoop(Runnable action) throws Exception {
        loop.submit(action).get();
    }

    @Test
    void aShorterDeadlineThanTheWakeUpIsStillKept() throws Exception {
        onLoop(() -> deadline.arm(first, System.nanoTime(), 60_000));
        onLoop(() -> deadline.disarm(first));
        onLoop(() -> deadline.arm(second, System.nanoTime(), 50));
        await().atMost(Duration.ofSeconds(5)).until(() -> secondFired.get() == 1);
        assertEquals(0, firstFired.get(), "the disarmed exchange is never told");
    }

    @Test
    void aDeadlineMovedOnFiresAtTheNewTimeOnly() throws Exception {
        long armedAt = System.nanoTime();
        onLoop(() -> deadline.arm(first, armedAt, 50));
        // Re-armed as if a second later: the wake-up set for 50 ms must sleep again instead of firing.
        onLoop(() -> deadline.arm(first, armedAt + TimeUnit.SECONDS.toNanos(1), 50));
        await().pollDelay(Duration.ZERO).during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> firstFired.get() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> firstFired.get() == 1);
    }

    @Test
    void aDisarmedOrClosedDeadlineNeverFires() throws Exception {
        onLoop(() -> deadline.arm(first, System.nanoTime(), 30));
        onLoop(() -> deadline.disarm(second)); // not the owner: stays armed
        await().atMost(Duration.ofSeconds(5)).until(() -> firstFired.get() == 1);
        onLoop(() -> deadline.arm(second, System.nanoTime(), 30));
        onLoop(deadline::close);
        await().pollDelay(Duration.ZERO).during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> secondFired.get() == 0);
        assertEquals(1, firstFired.get(), "told once");
    }
}
