package io.outpost.journal;

/** How an exchange ended, as seen by the gateway. */
public enum Outcome {
    /** The last byte of the response was written. */
    COMPLETED,
    /** The gateway gave up on the exchange (e.g. client went away before the response started). */
    ABORTED,
    /** A connection was reset mid-exchange. */
    RESET,
    /** A gateway or backend timeout ended the exchange. */
    TIMED_OUT;

    /** The wire spelling ("timed_out"): lower case so that JSON consumers need no enum knowledge. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Outcome fromWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
