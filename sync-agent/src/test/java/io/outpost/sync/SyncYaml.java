package io.outpost.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a sync.yaml for a test: short backoffs so link recovery is observed in seconds. */
final class SyncYaml {
    private final StringBuilder extra = new StringBuilder();
    private final Path journal;
    private final Path state;
    private String url;
    private String auth = "";
    private long backoffMax = 1000;
    private int maxEvents = 5000;
    private Long lingerMillis;

    SyncYaml(Path journal, Path state) {
        this.journal = journal;
        this.state = state;
    }

    SyncYaml url(String u) {
        url = u;
        return this;
    }

    SyncYaml auth(String yamlLines) {
        auth = yamlLines;
        return this;
    }

    SyncYaml backoffMax(long millis) {
        backoffMax = millis;
        return this;
    }

    SyncYaml maxEvents(int n) {
        maxEvents = n;
        return this;
    }

    /** batch.lingerMillis; unset = the agent's default. */
    SyncYaml linger(long millis) {
        lingerMillis = millis;
        return this;
    }

    SyncYaml extra(String yaml) {
        extra.append(yaml);
        return this;
    }

    Path write(Path file) throws IOException {
        String y = "journal: " + journal + "\n"
                + "stateDir: " + state + "\n"
                + (url == null ? "" : "management:\n  url: " + url + "\n  requestTimeoutMillis: 5000\n" + auth)
                + "batch:\n  maxEvents: " + maxEvents + "\n"
                + (lingerMillis == null ? "" : "  lingerMillis: " + lingerMillis + "\n")
                + "backoff:\n  initialMillis: 100\n  maxMillis: " + backoffMax + "\n"
                + extra;
        Files.writeString(file, y);
        return file;
    }
}
