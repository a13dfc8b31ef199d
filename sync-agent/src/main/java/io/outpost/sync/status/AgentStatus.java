package io.outpost.sync.status;

import java.util.Map;

/**
 * What the running agent last reported about itself ({@code <stateDir>/sync-status.json}, rewritten
 * about once a second), read by {@code outpost sync status}. Times are epoch milliseconds, 0 = never.
 *
 * @param budgetRangesSkipped stretches of cycles the gateway deleted over its budget before the agent
 *     read them, each forwarded as one {@code budget} loss event
 * @param budgetEventsLost the events in them
 * @param lastSkippedRange the last such stretch, {@code "firstIndex..lastIndex"}, or null
 * @param readerError why the journal reader last failed (it retries), null while it reads
 * @param oldestPendingMillis the time of the oldest unacknowledged event, 0 when none
 * @param pendingBytesPerEvent NDJSON bytes per event of the batch in hand, to estimate the backlog's size
 */
public record AgentStatus(long pid, long startedAtMillis, long updatedAtMillis, String managementUrl, String deviceId,
                          long epoch, long acknowledgedIndex, long lastWrittenIndex, long backlogEvents,
                          long eventsForwarded, long batchesSent, long bytesSent, long duplicatesReported,
                          long lastSuccessMillis, long lastAttemptMillis, long nextAttemptMillis,
                          long consecutiveFailures, String lastError, Map<String, Long> bundles,
                          long budgetRangesSkipped, long budgetEventsLost, String lastSkippedRange, String readerError,
                          long corruptSkipped, long oldestPendingMillis, long pendingBytesPerEvent) {}
