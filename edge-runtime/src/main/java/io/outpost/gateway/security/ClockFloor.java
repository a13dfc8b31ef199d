package io.outpost.gateway.security;

/**
 * The time every security check judges by: the system clock, never earlier than the last known
 * good time (a board without a real-time clock boots at 1970 or at its last saved time).
 * Placeholder of the contract: the JWT work makes it persist its floor under the state directory.
 */
public final class ClockFloor {
    private ClockFloor() {}

    public static ClockFloor system() {
        return new ClockFloor();
    }

    /** Seconds since the epoch, never below the floor. */
    public long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
