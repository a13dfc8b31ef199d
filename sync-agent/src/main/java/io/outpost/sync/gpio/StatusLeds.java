package io.outpost.sync.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.EnumMap;
import java.util.Map;

/** One LED per {@link Light}; a pin configured as absent is skipped. All LEDs go dark on shutdown. */
final class StatusLeds {
    private final Map<Light, DigitalOutput> leds = new EnumMap<>(Light.class);
    private Light shown;

    StatusLeds(Context pi4j, int ready, int backlog, int fault) {
        add(pi4j, Light.READY, ready);
        add(pi4j, Light.BACKLOG, backlog);
        add(pi4j, Light.FAULT, fault);
    }

    private void add(Context pi4j, Light light, int pin) {
        if (pin >= 0) {
            leds.put(light, pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("led-" + light.name().toLowerCase())
                    .address(pin).initial(DigitalState.LOW).shutdown(DigitalState.LOW).build()));
        }
    }

    /** Lights {@code light}'s LED and darkens the others; writes only on a change (each write is a syscall). */
    void show(Light light) {
        if (light == shown) {
            return;
        }
        leds.forEach((l, out) -> out.state(l == light ? DigitalState.HIGH : DigitalState.LOW));
        shown = light;
    }
}
