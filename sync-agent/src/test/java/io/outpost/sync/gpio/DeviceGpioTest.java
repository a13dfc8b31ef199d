package io.outpost.sync.gpio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.outpost.sync.admin.AgentMetrics;
import io.outpost.sync.config.SyncConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LEDs and the button on Pi4J's mock platform: the real Pi4J I/O classes, mock pins underneath. */
class DeviceGpioTest {
    private final Context pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SyncConfig.Gpio pins = new SyncConfig.Gpio(17, 27, 22, 23, 50);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private List<DigitalState> leds() {
        return List.of(state("led-ready"), state("led-backlog"), state("led-fault"));
    }

    private DigitalState state(String id) {
        return pi4j.registry().get(id, DigitalOutput.class).state();
    }

    @Test
    void ledsFollowTheAgentsState() {
        AtomicReference<Light> light = new AtomicReference<>(Light.READY);
        try (DeviceGpio gpio = DeviceGpio.start(pi4j, pins, light::get, () -> {}, scheduler)) {
            var on = DigitalState.HIGH;
            var off = DigitalState.LOW;
            await().atMost(Duration.ofSeconds(5)).until(() -> leds().equals(List.of(on, off, off)));
            light.set(Light.BACKLOG);
            await().atMost(Duration.ofSeconds(5)).until(() -> leds().equals(List.of(off, on, off)));
            light.set(Light.FAULT);
            await().atMost(Duration.ofSeconds(5)).until(() -> leds().equals(List.of(off, off, on)));
            light.set(Light.READY);
            await().atMost(Duration.ofSeconds(5)).until(() -> leds().equals(List.of(on, off, off)));
        }
    }

    @Test
    void aPressAsksForOneImmediateSyncBounceIncluded() {
        AtomicInteger attempts = new AtomicInteger();
        try (DeviceGpio gpio = DeviceGpio.start(pi4j, pins, () -> Light.READY, attempts::incrementAndGet, scheduler)) {
            MockDigitalInput button = pi4j.registry().get("sync-button", MockDigitalInput.class);
            button.mockState(DigitalState.HIGH);
            // One press whose contacts bounce: low, high, low within the 50 ms debounce.
            button.mockState(DigitalState.LOW).mockState(DigitalState.HIGH).mockState(DigitalState.LOW)
                    .mockState(DigitalState.HIGH);
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 1);
            await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertEquals(1, attempts.get(), "a bouncing press is one attempt");
            button.mockState(DigitalState.LOW); // a second press, after the debounce time
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 2);
        }
    }

    @Test
    void lightFromTheStatusFigures() {
        AgentMetrics m = new AgentMetrics();
        m.backlogEvents.set(0);
        assertEquals(Light.BACKLOG, Light.of(m, false), "waiting for the gateway's journal");
        assertEquals(Light.READY, Light.of(m, true));
        m.backlogEvents.set(12);
        assertEquals(Light.BACKLOG, Light.of(m, true));
        m.backlogEvents.set(0);
        m.consecutiveFailures.set(3);
        m.lastError.set("connect: refused");
        assertEquals(Light.BACKLOG, Light.of(m, true), "offline: events wait, nothing is wrong with them");
        m.lastError.set("rejected: 401 Unauthorized");
        assertEquals(Light.FAULT, Light.of(m, true), "a 4xx does not heal by waiting");
        m.lastError.set(null);
        m.consecutiveFailures.set(0);
        m.readerError.set("corrupt excerpt");
        assertEquals(Light.FAULT, Light.of(m, true));
    }
}
