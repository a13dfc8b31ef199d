package io.outpost.sync.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import io.outpost.sync.config.SyncConfig;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync agent's LEDs and button. The agent owns them, not the gateway: it knows the backlog and
 * the link, and the gateway stays free of hardware code. This is the only class that makes a Pi4J
 * context, and the agent calls it only when sync.yaml has a {@code gpio:} section, so without one
 * no Pi4J class is loaded.
 */
public final class DeviceGpio implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceGpio.class);
    private final Context pi4j;

    private DeviceGpio(Context pi4j) {
        this.pi4j = pi4j;
    }

    /** On the board: Pi4J finds its providers (linuxfs) itself. */
    public static DeviceGpio start(SyncConfig.Gpio config, Supplier<Light> light, Runnable syncNow,
                                   ScheduledExecutorService scheduler) {
        return start(Pi4J.newAutoContext(), config, light, syncNow, scheduler);
    }

    /** With a given context (tests: Pi4J's mock platform). The LEDs follow {@code light} every 250 ms on {@code scheduler}. */
    public static DeviceGpio start(Context pi4j, SyncConfig.Gpio config, Supplier<Light> light, Runnable syncNow,
                                   ScheduledExecutorService scheduler) {
        DeviceGpio gpio = new DeviceGpio(pi4j);
        try {
            StatusLeds leds = new StatusLeds(pi4j, config.ledReady(), config.ledBacklog(), config.ledFault());
            if (config.button() >= 0) {
                new SyncButton(pi4j, config.button(), config.debounceMillis(), () -> {
                    LOG.info("sync button pressed: trying to forward and poll now");
                    scheduler.execute(syncNow);
                }, System::nanoTime);
            }
            scheduler.scheduleWithFixedDelay(() -> show(leds, light), 0, 250, TimeUnit.MILLISECONDS);
            return gpio;
        } catch (RuntimeException e) {
            gpio.close();
            throw e;
        }
    }

    private static void show(StatusLeds leds, Supplier<Light> light) {
        try {
            leds.show(light.get());
        } catch (RuntimeException e) {
            // An LED is a convenience: a GPIO error must never stop the scheduler that writes the status file.
            LOG.debug("cannot set the status LEDs: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            pi4j.shutdown(); // the outputs' shutdown state: dark
        } catch (RuntimeException e) {
            LOG.debug("Pi4J shutdown: {}", e.toString());
        }
    }
}
