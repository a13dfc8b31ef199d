package io.outpost.journal;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A small summary of the gateway's own metrics at one moment, journaled at an interval so that the
 * numbers of a device nobody can scrape (its admin port is on 127.0.0.1, its uplink may be a USB
 * stick) travel with its events and reach the receiver, which keeps the latest one per device.
 * It has a journal index like every record, hence an id, so the receiver's de-duplication holds.
 *
 * @param uptimeSeconds seconds since the gateway started
 * @param version       the gateway's version, or null
 * @param artifact      the artifact in force ({@code name-version}), or null
 * @param values        counters and gauges by short name ({@code requests_2xx}, {@code refusals}, ...):
 *                      a handful, named by the gateway; readers take the names they know
 */
public record MetricsSnapshotRecord(long timeMillis, long uptimeSeconds, String version, String artifact,
        Map<String, Long> values) implements JournalRecord {

    public MetricsSnapshotRecord {
        values = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(values, "values")));
    }
}
