package io.outpost.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/** How often the journal starts a new file; only whole files are ever deleted. */
public enum RollPeriod {
    DAILY(RollCycles.DAILY),
    HOURLY(RollCycles.HOURLY),
    MINUTELY(RollCycles.MINUTELY),
    /** Tests only: many cycles in a few seconds. */
    SECONDLY(RollCycles.TEST_SECONDLY);

    private final RollCycles rollCycle;

    RollPeriod(RollCycles rollCycle) {
        this.rollCycle = rollCycle;
    }

    RollCycle rollCycle() {
        return rollCycle;
    }

    /** The period whose roll cycle this is, if any. */
    static java.util.Optional<RollPeriod> of(RollCycle cycle) {
        for (RollPeriod p : values()) {
            if (p.rollCycle == cycle) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /** As written in gateway.yaml. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
