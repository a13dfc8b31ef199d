package io.outpost.sync.status;

import java.util.Map;

/**
 * What the running agent last reported about itself ({@code <stateDir>/sync-status.json}, rewritten
 * about once a second), read by {@code outpost sync status}. Times are epoch milliseconds, 0 = never.
 */
public record AgentStatus(long pid, long startedAtMillis, long updatedAtMillis, String managementUrl, String deviceId,
                          long epoch, long acknowledgedIndex, long lastWrittenIndex, long backlogEvents,
                          long eventsForwarded, long batchesSent, long bytesSent, long duplicatesReported,
                          long lastSuccessMillis, long lastAttemptMillis, long nextAttemptMillis,
                          long consecutiveFailures, String lastError, Map<String, Long> bundles) {}
