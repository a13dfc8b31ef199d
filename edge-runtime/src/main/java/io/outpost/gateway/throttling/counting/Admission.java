package io.outpost.gateway.throttling.counting;

/**
 * The outcome of one decision, with what the {@code RateLimit} header and {@code Retry-After} need.
 *
 * @param admitted    whether the request may go on
 * @param limit       the units the window (or the burst) allows
 * @param remaining   units left after this decision
 * @param resetMillis millis until the current window ends; for burst control, until the next
 *                    request would be admitted (refused) or the burst is whole again (admitted)
 * @param window      the window's index ({@link WindowLimit#windowOf}), to hand back to
 *                    {@link WindowCounters#release}; 0 for burst control
 */
public record Admission(boolean admitted, long limit, long remaining, long resetMillis, long window) {}
