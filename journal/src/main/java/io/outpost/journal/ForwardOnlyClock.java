package io.outpost.journal;

import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.core.time.TimeProvider;

/**
 * The clock Chronicle rolls cycles by, held back from going backwards: an edge device without a
 * real-time clock may boot at a time before its newest cycle file, and Chronicle would then write
 * into a cycle a tailer has already left behind. Records keep the gateway's own time stamps; this
 * only decides which file they go into.
 */
final class ForwardOnlyClock implements TimeProvider {
    private final AtomicLong highWater;

    ForwardOnlyClock(long floorMillis) {
        highWater = new AtomicLong(floorMillis);
    }

    /** Called at least once per append: a plain read in the usual case, a compare-and-set only when time moves on. */
    @Override
    public long currentTimeMillis() {
        long now = System.currentTimeMillis();
        long high = highWater.get();
        while (now > high) {
            if (highWater.compareAndSet(high, now)) {
                return now;
            }
            high = highWater.get();
        }
        return high;
    }
}
