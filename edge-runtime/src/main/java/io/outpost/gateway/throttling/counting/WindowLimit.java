package io.outpost.gateway.throttling.counting;

/**
 * At most {@code limit} units (requests, or bytes) per fixed window of {@code windowMillis}.
 * Windows are aligned to the epoch (UTC): window {@code n} is {@code [n × windowMillis, (n+1) ×
 * windowMillis)}, so a daily quota is a UTC day and every key's window rolls at the same instant.
 * That alignment is what lets a whole policy reset at once (its overflow sketch included) and lets
 * a snapshot name a window by its index.
 */
public record WindowLimit(long limit, long windowMillis) {

    public WindowLimit {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, was " + limit);
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be positive, was " + windowMillis);
        }
    }

    /** The index of the window holding {@code epochMillis}. */
    public long windowOf(long epochMillis) {
        return Math.floorDiv(epochMillis, windowMillis);
    }

    /** Millis from {@code epochMillis} until {@code window} ends (0 once it has). */
    public long millisLeft(long window, long epochMillis) {
        return Math.max(0, (window + 1) * windowMillis - epochMillis);
    }
}
