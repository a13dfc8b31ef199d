package io.outpost.common.systemd;

import java.time.Duration;

/** What the watchdog asks before each WATCHDOG=1: is the process still doing its work? */
@FunctionalInterface
public interface Liveness {
    /** @return null when the process answers within the bound, else why not (for the log) */
    String problem(Duration within) throws InterruptedException;
}
