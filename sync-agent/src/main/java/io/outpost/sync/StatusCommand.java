package io.outpost.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import io.outpost.journal.Acknowledgement;
import io.outpost.journal.JournalEpoch;
import io.outpost.journal.JournalReader;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.status.AgentLock;
import io.outpost.sync.status.AgentStatus;
import io.outpost.sync.status.Backlog;
import io.outpost.sync.status.RecordJson;
import io.outpost.sync.status.StatusFile;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outpost sync status}: the backlog and what the running agent last reported about its link.
 * While the agent runs, its status file (rewritten every second) already holds the backlog measured
 * from the journal, so the command answers from it alone and never opens Chronicle (a JVM start is
 * most of what it costs). With the agent stopped it measures the backlog from the journal itself.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = "Show the backlog, the last success and the next attempt.")
final class StatusCommand extends AgentCommand {
    /** An agent's status older than this is not trusted for the backlog (it writes one a second). */
    private static final long FRESH_MILLIS = 5_000;
    /** How long a stopped agent's backlog is scanned for its size before it is extrapolated. */
    private static final long SCAN_MILLIS = 100;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    /** What the journal holds for the agent: from the running agent's status file or measured now. */
    private record Journal(String deviceId, long epoch, long acknowledged, Backlog backlog, boolean fromAgent) {}

    /**
     * {@code status [--config FILE] [--json]} without picocli, whose start-up (~0.1 s of reflection
     * over every command) is a third of what the command may take; null for any other arguments
     * (help, mistakes), which picocli then handles as usual.
     */
    static Integer runWithoutPicocli(String[] args) {
        if (args.length == 0 || !args[0].equals("status")) {
            return null;
        }
        StatusCommand command = new StatusCommand();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--json")) {
                command.json = true;
            } else if (args[i].equals("--config") && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                command.configFile = java.nio.file.Path.of(args[++i]);
            } else if (args[i].startsWith("--config=") && args[i].length() > "--config=".length()) {
                command.configFile = java.nio.file.Path.of(args[i].substring("--config=".length()));
            } else {
                return null;
            }
        }
        return command.call();
    }

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
        long now = System.currentTimeMillis();
        Journal journal;
        try {
            journal = fromRunningAgent(config, running ? status : Optional.empty(), now);
            if (journal == null) {
                journal = measure(config, status.map(AgentStatus::pendingBytesPerEvent).orElse(0L));
            }
        } catch (IOException e) {
            System.err.println("outpost sync status: " + e.getMessage());
            return EXIT_FAILURE;
        }
        if (json) {
            try {
                System.out.println(json(config, running, journal, status, now));
            } catch (IOException e) {
                System.err.println("outpost sync status: " + e.getMessage());
                return EXIT_FAILURE;
            }
        } else {
            System.out.print(text(config, running, journal, status, now));
        }
        return 0;
    }

    /** The running agent's own figures, if it wrote them lately for the journal that is there now. */
    private static Journal fromRunningAgent(SyncConfig config, Optional<AgentStatus> status, long now) {
        if (status.isEmpty() || now - status.get().updatedAtMillis() > FRESH_MILLIS || status.get().backlogEvents() < 0) {
            return null;
        }
        AgentStatus s = status.get();
        OptionalLong epoch = JournalEpoch.onDisk(config.journal());
        if (epoch.isEmpty() || epoch.getAsLong() != s.epoch()) {
            return null; // recreated under the agent, which has not followed yet
        }
        Backlog backlog = new Backlog(s.backlogEvents(), s.backlogEvents() * s.pendingBytesPerEvent(), true,
                s.backlogEvents() == 0 ? 0 : s.oldestPendingMillis());
        return new Journal(s.deviceId(), s.epoch(), s.acknowledgedIndex(), backlog, true);
    }

    private static Journal measure(SyncConfig config, long bytesPerEvent) throws IOException {
        try (JournalReader reader = Journals.openExisting(config.journal())) {
            long acknowledged = Acknowledgement.read(config.journal(), reader.epoch()).orElse(-1);
            return new Journal(reader.deviceId(), reader.epoch(), acknowledged,
                    Backlog.measure(reader, acknowledged, SCAN_MILLIS, bytesPerEvent), false);
        }
    }

    private static String json(SyncConfig config, boolean running, Journal j, Optional<AgentStatus> status, long now)
            throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = RecordJson.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("journal", config.journal().toString());
            g.writeStringField("deviceId", j.deviceId());
            g.writeNumberField("epoch", j.epoch());
            g.writeBooleanField("running", running);
            g.writeBooleanField("lockdown", config.lockdown());
            g.writeNumberField("acknowledgedIndex", j.acknowledged());
            g.writeNumberField("backlogEvents", j.backlog().events());
            g.writeNumberField("backlogBytes", j.backlog().bytes());
            g.writeBooleanField("backlogBytesEstimated", j.backlog().bytesEstimated());
            g.writeStringField("backlogFrom", j.fromAgent() ? "agent" : "journal");
            g.writeNumberField("oldestEventMillis", j.backlog().oldestMillis());
            if (status.isPresent()) {
                AgentStatus s = status.get();
                g.writeNumberField("lastForwardAgeMillis", s.lastSuccessMillis() == 0 ? -1 : Math.max(0, now - s.lastSuccessMillis()));
                g.writeNumberField("skippedRanges", s.budgetRangesSkipped());
                g.writeNumberField("eventsLostToBudget", s.budgetEventsLost());
                g.writeFieldName("agent");
                RecordJson.write(g, s);
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    private static String text(SyncConfig config, boolean running, Journal j, Optional<AgentStatus> status, long now) {
        StringBuilder b = new StringBuilder();
        Backlog backlog = j.backlog();
        line(b, "journal", config.journal() + " (device " + j.deviceId() + ", epoch " + j.epoch() + ")");
        if (running) {
            line(b, "agent", "running" + status.map(s -> ", pid " + s.pid() + " (status written " + ago(now, s.updatedAtMillis()) + ")").orElse(""));
        } else {
            line(b, "agent", "not running" + status.map(s -> " (last status " + ago(now, s.updatedAtMillis()) + ")").orElse(""));
        }
        if (config.lockdown()) {
            line(b, "mode", Lockdown.WHAT + " (" + config.source() + ": lockdown: true)");
        }
        if (!config.lockdown()) { // a status file left by a run before lockdown names a URL no longer used
            status.ifPresent(s -> line(b, "management", s.managementUrl()));
        }
        line(b, "backlog", backlog.events() == 0 ? "empty" : backlog.events() + " events, " + bytes(backlog.bytes())
                + (backlog.bytesEstimated() ? " (estimated)" : "") + " before compression, oldest from "
                + ago(now, backlog.oldestMillis()));
        line(b, "acknowledged", j.acknowledged() < 0 ? "nothing yet" : "index " + j.acknowledged());
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
            if (s.readerError() != null) {
                line(b, "journal error", s.readerError() + " (retrying)");
            }
            line(b, "forwarded", s.eventsForwarded() + " events in " + s.batchesSent() + " batches, " + bytes(s.bytesSent())
                    + " sent, " + s.duplicatesReported() + " duplicates reported (since the agent started)");
            if (s.budgetRangesSkipped() > 0) {
                line(b, "skipped", s.budgetRangesSkipped() + " deleted journal ranges, " + s.budgetEventsLost()
                        + " events reported lost (the gateway's maxJournalBytes; last: indices " + s.lastSkippedRange() + ")");
            }
            if (s.bundles() != null && !s.bundles().isEmpty()) {
                StringBuilder bundles = new StringBuilder();
                s.bundles().forEach((t, q) -> bundles.append(bundles.isEmpty() ? "" : ", ").append(t).append(' ').append(q == 0 ? "none" : q));
                line(b, "bundles", bundles.toString());
            }
        });
        return b.toString();
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
