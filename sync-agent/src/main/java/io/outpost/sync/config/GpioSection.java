package io.outpost.sync.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The optional {@code gpio:} section of sync.yaml: BCM pin numbers of three status LEDs and a sync
 * button. Absent (the default) means no GPIO at all; any one part may be left out.
 */
final class GpioSection {
    /** Lines of the BCM2835-class gpiochip; the 40-pin header exposes 2..27. */
    static final int MAX_PIN = 53;
    private static final String[] PINS = {"ledReady", "ledBacklog", "ledFault", "button"};

    private GpioSection() {}

    static SyncConfig.Gpio read(ConfigReader r, JsonNode root) {
        JsonNode g = r.object("", root, "gpio");
        if (g == null) {
            return null;
        }
        r.known("/gpio", g, Set.of("ledReady", "ledBacklog", "ledFault", "button", "debounceMillis"));
        int[] pins = new int[PINS.length];
        Map<Integer, String> used = new HashMap<>();
        for (int i = 0; i < PINS.length; i++) {
            pins[i] = pin(r, g, PINS[i]);
            String other = pins[i] == SyncConfig.Gpio.NONE ? null : used.putIfAbsent(pins[i], PINS[i]);
            if (other != null) {
                r.problem("/gpio/" + PINS[i], "pin " + pins[i] + " is already gpio." + other + "; fix: give each LED and the"
                        + " button its own BCM pin, or remove this key");
            }
        }
        long debounce = r.number("/gpio", g, "debounceMillis", 0, 1_000, 50);
        return new SyncConfig.Gpio(pins[0], pins[1], pins[2], pins[3], debounce);
    }

    private static int pin(ConfigReader r, JsonNode g, String key) {
        JsonNode node = g.get(key);
        if (node == null || node.isNull()) {
            return SyncConfig.Gpio.NONE;
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > MAX_PIN) {
            r.problem("/gpio/" + key, "must be a BCM pin number from 0 to " + MAX_PIN + " (got " + node + "); fix: use the"
                    + " GPIO number (BCM 17 is header pin 11), or remove the key to go without this part");
            return SyncConfig.Gpio.NONE;
        }
        return node.asInt();
    }
}
