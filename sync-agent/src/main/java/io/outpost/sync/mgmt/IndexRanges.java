package io.outpost.sync.mgmt;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of journal indices kept as disjoint closed ranges. Events of one journal arrive in order
 * with consecutive indices within a roll cycle, so millions of ids collapse to a few ranges: the
 * receiver can remember every id it has seen in a small heap.
 */
final class IndexRanges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>(); // start -> end (inclusive)

    /** Adds {@code index}; false if it was already present. */
    boolean add(long index) {
        Map.Entry<Long, Long> below = ranges.floorEntry(index);
        if (below != null && index <= below.getValue()) {
            return false;
        }
        boolean joinsBelow = below != null && below.getValue() == index - 1;
        Map.Entry<Long, Long> above = index == Long.MAX_VALUE ? null : ranges.ceilingEntry(index + 1);
        boolean joinsAbove = above != null && above.getKey() == index + 1;
        if (joinsBelow && joinsAbove) {
            ranges.remove(above.getKey());
            ranges.put(below.getKey(), above.getValue());
        } else if (joinsBelow) {
            ranges.put(below.getKey(), index);
        } else if (joinsAbove) {
            ranges.remove(above.getKey());
            ranges.put(index, above.getValue());
        } else {
            ranges.put(index, index);
        }
        return true;
    }
}
