package io.outpost.sync.config;

import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.logging.LogSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent's configuration ({@code sync.yaml}); every field but the management URL has a default.
 *
 * @param source   the file it came from
 * @param journal  the gateway's journal directory (read; the agent writes only its acknowledgement there)
 * @param stateDir the gateway's state directory: bundles go to {@code updates/}, the agent's status file beside
 * @param uploadBytesPerSecond upload cap in bytes per second; 0 = no cap
 * @param lockdown no network at all (docs/device.md, "Lockdown mode"): events leave only by {@code export}, bundles
 *                 arrive only by {@code import}; a configuration naming a management URL cannot be built
 * @param gpio     status LEDs and sync button (docs/device.md, "Status LEDs and button"); null = off, Pi4J never loaded
 * @param logging  levels per area and timestamps (docs/sync.md, "Logs")
 */
public record SyncConfig(Path source, Path journal, Path stateDir, Management management, Batch batch, Backoff backoff,
                         long uploadBytesPerSecond, Updates updates, Listener admin, boolean lockdown, Gpio gpio,
                         LogSettings logging) {

    /** Without GPIO (the default). */
    public SyncConfig(Path source, Path journal, Path stateDir, Management management, Batch batch, Backoff backoff,
                      long uploadBytesPerSecond, Updates updates, Listener admin, boolean lockdown) {
        this(source, journal, stateDir, management, batch, backoff, uploadBytesPerSecond, updates, admin, lockdown, null);
    }

    /** With the default logging. */
    public SyncConfig(Path source, Path journal, Path stateDir, Management management, Batch batch, Backoff backoff,
                      long uploadBytesPerSecond, Updates updates, Listener admin, boolean lockdown, Gpio gpio) {
        this(source, journal, stateDir, management, batch, backoff, uploadBytesPerSecond, updates, admin, lockdown, gpio,
                LogSettings.DEFAULT);
    }

    public SyncConfig {
        // The loader refuses this with file and line; here so that no other way of building a config gets past it.
        if (lockdown && management != null && management.url() != null) {
            throw new IllegalArgumentException("lockdown: true forbids management.url (the agent opens no connection)");
        }
    }

    /**
     * @param url             base URL of the management API (ingest at {@code /api/v1/ingest}); null = not configured
     *                        (export/import still work)
     * @param bearerTokenFile file holding the bearer token, or null
     * @param clientCert      PEM certificate chain for mTLS, or null
     * @param clientKey       PEM private key of clientCert, or null
     * @param trustedCa       PEM CA certificates for the server's certificate; null = the JDK's trust store
     */
    public record Management(URI url, int connectTimeoutMillis, int requestTimeoutMillis, Path bearerTokenFile,
                             Path clientCert, Path clientKey, Path trustedCa) {}

    /**
     * @param maxBytes     upper bound on one batch's uncompressed NDJSON
     * @param gzipLevel    deflate level 1-9: lower costs the device less CPU, higher sends fewer bytes
     * @param lingerMillis how long a batch that is not full may wait for more events, counted from its
     *                     oldest event's time; 0 = send what the journal holds at once
     */
    public record Batch(int maxEvents, long maxBytes, int gzipLevel, long lingerMillis) {}

    public record Backoff(long initialMillis, long maxMillis) {}

    /** @param publicKey the update-signing public key; null = bundles are not pulled */
    public record Updates(Path publicKey, List<String> types, long pollIntervalSeconds) {}

    public record Listener(String host, int port) {}

    /**
     * BCM pin numbers; {@link #NONE} = that part is absent.
     *
     * @param debounceMillis a press shorter than this, or closer than this to the last one, is contact bounce
     */
    public record Gpio(int ledReady, int ledBacklog, int ledFault, int button, long debounceMillis) {
        public static final int NONE = -1;
    }

    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/outpost");
    public static final Management DEFAULT_MANAGEMENT = new Management(null, 5_000, 30_000, null, null, null, null);
    public static final Batch DEFAULT_BATCH = new Batch(10_000, 4L << 20, io.outpost.sync.wire.BatchEncoder.DEFAULT_LEVEL, 1_000);
    public static final Backoff DEFAULT_BACKOFF = new Backoff(500, 10_000);
    public static final Updates DEFAULT_UPDATES = new Updates(null, List.of(UpdateBundle.REVOCATIONS, UpdateBundle.KEYS,
            UpdateBundle.OPAQUE_TOKENS, UpdateBundle.BLOCKING), 300);
    public static final Listener DEFAULT_ADMIN = new Listener("127.0.0.1", 9098);

    public static SyncConfig defaults() {
        return new SyncConfig(null, DEFAULT_STATE_DIR.resolve("journal"), DEFAULT_STATE_DIR, DEFAULT_MANAGEMENT,
                DEFAULT_BATCH, DEFAULT_BACKOFF, 0, DEFAULT_UPDATES, DEFAULT_ADMIN, false);
    }

    /** The same, its admin port replaced ({@code run --admin-port}). */
    public SyncConfig withAdminPort(int port) {
        return new SyncConfig(source, journal, stateDir, management, batch, backoff, uploadBytesPerSecond, updates,
                new Listener(admin.host(), port), lockdown, gpio, logging);
    }

    /** Where the running agent writes its status for {@code outpost sync status}. */
    public Path statusFile() {
        return stateDir.resolve("sync-status.json");
    }

    /** Held by {@code run} and {@code export}, so only one of them forwards a journal at a time. */
    public Path lockFile() {
        return stateDir.resolve("sync-agent.lock");
    }
}
