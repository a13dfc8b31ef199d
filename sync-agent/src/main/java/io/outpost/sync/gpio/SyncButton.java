package io.outpost.sync.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A push button between the pin and ground (the internal pull-up holds it high): a press pulls it
 * low and asks for an immediate sync attempt. Presses closer than the debounce time to the last
 * accepted one are contact bounce, counted once; our own check, as not every Pi4J provider debounces.
 */
final class SyncButton {
    private final Runnable onPress;
    private final long debounceNanos;
    private final LongSupplier clock;
    private long lastPress = Long.MIN_VALUE;

    SyncButton(Context pi4j, int pin, long debounceMillis, Runnable onPress, LongSupplier nanoClock) {
        this.onPress = onPress;
        this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMillis);
        this.clock = nanoClock;
        DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id("sync-button").address(pin)
                .pull(PullResistance.PULL_UP).build());
        in.addListener(e -> {
            if (e.state() == DigitalState.LOW) {
                pressed();
            }
        });
    }

    private synchronized void pressed() {
        long now = clock.getAsLong();
        if (lastPress != Long.MIN_VALUE && now - lastPress < debounceNanos) {
            return;
        }
        lastPress = now;
        onPress.run();
    }
}
