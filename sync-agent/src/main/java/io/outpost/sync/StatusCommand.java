package io.outpost.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.common.json.Json;
import io.outpost.journal.Acknowledgement;
import io.outpost.journal.JournalReader;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.status.AgentLock;
import io.outpost.sync.status.AgentStatus;
import io.outpost.sync.status.Backlog;
import io.outpost.sync.status.StatusFile;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outpost sync status}: the backlog measured from the journal itself (so it is right even
 * when the agent is stopped) plus what the running agent last reported about its link.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the backlog, the last success and the next attempt.")
final class StatusCommand extends AgentCommand {
    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        SyncConfig config = loadConfig();
        if (config == null) {
            return EXIT_CONFIG;
        }
        Optional<AgentStatus> status;
        try {
            status = StatusFile.read(config.statusFile());
        } catch (IOException e) {
            System.err.println("outpost sync status: " + e.getMessage());
            status = Optional.empty();
        }
        boolean running = AgentLock.held(config.lockFile());
        Backlog backlog;
        String deviceId;
        long epoch;
        long acknowledged;
        try (JournalReader reader = Journals.openExisting(config.journal())) {
            deviceId = reader.deviceId();
            epoch = reader.epoch();
            acknowledged = Acknowledgement.read(config.journal(), epoch).orElse(-1);
            backlog = Backlog.measure(reader, acknowledged, 3_000);
        } catch (IOException e) {
            System.err.println("outpost sync status: " + e.getMessage());
            return EXIT_FAILURE;
        }
        long now = System.currentTimeMillis();
        if (json) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("journal", config.journal().toString());
            o.put("deviceId", deviceId);
            o.put("epoch", epoch);
            o.put("running", running);
            o.put("acknowledgedIndex", acknowledged);
            o.put("backlogEvents", backlog.events());
            o.put("backlogBytes", backlog.bytes());
            o.put("backlogBytesEstimated", backlog.bytesEstimated());
            o.put("oldestEventMillis", backlog.oldestMillis());
            status.ifPresent(s -> o.set("agent", Json.mapper().valueToTree(s)));
            System.out.println(Json.mapper().valueToTree(o).toString());
            return 0;
        }
        StringBuilder b = new StringBuilder();
        line(b, "journal", config.journal() + " (device " + deviceId + ", epoch " + epoch + ")");
        if (running) {
            line(b, "agent", "running" + status.map(s -> ", pid " + s.pid() + " (status written " + ago(now, s.updatedAtMillis()) + ")").orElse(""));
        } else {
            line(b, "agent", "not running" + status.map(s -> " (last status " + ago(now, s.updatedAtMillis()) + ")").orElse(""));
        }
        status.ifPresent(s -> line(b, "management", s.managementUrl()));
        line(b, "backlog", backlog.events() == 0 ? "empty" : backlog.events() + " events, " + bytes(backlog.bytes())
                + (backlog.bytesEstimated() ? " (estimated)" : "") + " before compression, oldest from "
                + ago(now, backlog.oldestMillis()));
        line(b, "acknowledged", acknowledged < 0 ? "nothing yet" : "index " + acknowledged);
        status.ifPresent(s -> {
            line(b, "last success", s.lastSuccessMillis() == 0 ? "never (since the agent started)"
                    : Instant.ofEpochMilli(s.lastSuccessMillis()) + " (" + ago(now, s.lastSuccessMillis()) + ")");
            if (running) {
                String next = s.consecutiveFailures() == 0 ? (backlog.events() > 0 ? "now (forwarding)" : "when events arrive")
                        : (s.nextAttemptMillis() > now ? "in " + duration(s.nextAttemptMillis() - now) : "now")
                        + ", after " + s.consecutiveFailures() + " consecutive failures";
                line(b, "next attempt", next);
            }
            if (s.lastError() != null) {
                line(b, "last error", s.lastError());
            }
            line(b, "forwarded", s.eventsForwarded() + " events in " + s.batchesSent() + " batches, " + bytes(s.bytesSent())
                    + " sent, " + s.duplicatesReported() + " duplicates reported (since the agent started)");
            if (s.bundles() != null && !s.bundles().isEmpty()) {
                StringBuilder bundles = new StringBuilder();
                s.bundles().forEach((t, q) -> bundles.append(bundles.isEmpty() ? "" : ", ").append(t).append(' ').append(q == 0 ? "none" : q));
                line(b, "bundles", bundles.toString());
            }
        });
        System.out.print(b);
        return 0;
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format("%-14s %s%n", key + ":", value));
    }

    static String ago(long now, long then) {
        return then <= 0 ? "never" : duration(now - then) + " ago";
    }

    static String duration(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return d.toSeconds() > 0 ? d.toSeconds() + "s" : d.toMillis() + " ms";
    }

    static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        }
        if (n < 10_000_000) {
            return String.format("%.1f kB", n / 1e3);
        }
        return String.format("%.1f MB", n / 1e6);
    }
}
