package io.outpost.gateway.config;

import io.outpost.common.logging.LogSettings;
import io.outpost.gateway.http.TrustedProxies;
import io.outpost.gateway.security.SecuritySettings;
import io.outpost.gateway.throttling.ThrottleSettings;
import io.outpost.gateway.security.tls.TlsSettings;

import io.outpost.journal.JournalSettings;
import io.outpost.journal.RollPeriod;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway's runtime configuration ({@code gateway.yaml}); every field has a safe default.
 *
 * @param source        the file it came from, or null when running on defaults
 * @param artifact      the installed artifact to serve
 * @param stateDir      the only directory the gateway writes to
 * @param publisherKeys public keys whose signatures on artifacts are trusted
 * @param updateKey     the public key update bundles (revocations, keys, opaque tokens) must be signed by; null = none accepted
 * @param drainTimeoutMillis on SIGTERM, how long in-flight exchanges may take to finish before they are cut
 * @param transport     how the event loops wait for sockets
 * @param trustedProxies whose X-Forwarded-For is believed for the client address (none by default)
 * @param tls           the HTTPS listener and mutual TLS
 * @param security      how credentials are checked (docs/security.md)
 * @param throttling    how the artifact's tiers are enforced, and blocking conditions (docs/throttling.md)
 * @param lockdown      no connection but to the artifact's backends (docs/device.md, "Lockdown mode"): a configuration
 *                      that would open another (introspection) cannot be built
 * @param logging       levels per area, timestamps and the access log (docs/gateway.md, "Logs")
 */
public record GatewayConfig(Path source, Listener http, Listener admin, Path artifact, Path stateDir,
                            List<Path> publisherKeys, Path updateKey, Limits limits, Backends backends,
                            Analytics analytics, long drainTimeoutMillis, IoTransport transport,
                            TrustedProxies trustedProxies, TlsSettings tls, SecuritySettings security,
                            ThrottleSettings throttling, boolean lockdown, LogSettings logging) {

    public GatewayConfig {
        // The loader refuses this with file and line; here so that no other way of building a config gets past it.
        if (lockdown && security != null && security.introspection() != null) {
            throw new IllegalArgumentException("lockdown: true forbids security.opaqueTokens.introspection"
                    + " (a request-time call to the key manager)");
        }
    }

    public record Listener(String host, int port) {}

    /**
     * What one client may ask of the gateway. Each limit is answered with its own status and
     * never affects other connections.
     *
     * @param maxInitialLineLength        longest request line accepted (else 414)
     * @param maxHeaderSize               largest header block accepted (else 431)
     * @param maxHeaderCount              most header fields accepted (else 431)
     * @param maxRequestBodyBytes         largest request body accepted, declared or streamed (else 413)
     * @param maxPipelinedRequests        requests a client may queue on one connection
     * @param maxConnections              open client connections; more are closed at accept
     * @param idleTimeoutSeconds          an idle keep-alive connection is closed after this
     * @param requestHeaderTimeoutSeconds a request head must arrive completely within this (slowloris: 408)
     * @param requestBodyTimeoutSeconds   longest pause between two pieces of a request body (408)
     * @param backendConnectTimeoutMillis connect timeout to a backend (then 503)
     * @param backendResponseTimeoutMillis request sent to response headers, unless the endpoint sets one (then 504)
     */
    public record Limits(int maxInitialLineLength, int maxHeaderSize, int maxHeaderCount, long maxRequestBodyBytes,
                         int maxPipelinedRequests, int maxConnections, int idleTimeoutSeconds,
                         int requestHeaderTimeoutSeconds, int requestBodyTimeoutSeconds,
                         int backendConnectTimeoutMillis, long backendResponseTimeoutMillis) {}

    /**
     * How the gateway talks to backends.
     *
     * @param pool              keep-alive connections per backend address
     * @param replayBufferBytes a request body up to this size is kept so it can be sent again on a retry or failover
     * @param suspendMillis     a failed load-balance or failover member is skipped for this long (doubling while it keeps failing)
     * @param tls               trust and identity for https backends
     */
    public record Backends(Pool pool, long replayBufferBytes, long suspendMillis, BackendTls tls) {}

    /**
     * @param maxActive          connections in use at once per backend address (then requests wait)
     * @param maxIdle            idle connections kept per backend address
     * @param waitTimeMillis     how long a request waits for a connection when maxActive are busy (then 503)
     * @param idleTimeoutSeconds an idle pooled connection is closed after this, before the backend closes it under us
     */
    public record Pool(int maxActive, int maxIdle, long waitTimeMillis, int idleTimeoutSeconds) {}

    /**
     * @param trustedCertificates PEM files of the CAs trusted for backends; empty = the JVM's trust store
     * @param verifyHostname      whether the certificate must name the endpoint's host (on by default)
     * @param clientCertificate   PEM certificate chain presented to backends that ask for one; null = none
     * @param clientKey           PEM (PKCS#8) private key of the client certificate
     */
    public record BackendTls(List<Path> trustedCertificates, boolean verifyHostname, Path clientCertificate, Path clientKey) {}

    /** How the event loops wait for and move socket data. */
    public enum IoTransport {
        /** io_uring where the kernel allows it, else epoll, else NIO. */
        AUTO,
        /** Linux io_uring; refuses to start where it is unavailable. */
        IO_URING,
        /** Linux epoll; refuses to start where it is unavailable. */
        EPOLL,
        /** Java NIO, anywhere. */
        NIO;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Why this transport cannot run on this system, or null when it can. */
        public Throwable unavailabilityCause() {
            return switch (this) {
                case IO_URING -> io.netty.channel.uring.IoUring.unavailabilityCause();
                case EPOLL -> io.netty.channel.epoll.Epoll.unavailabilityCause();
                case AUTO, NIO -> null;
            };
        }
    }

    /** How the client address is kept in the journal. */
    public enum ClientIpMode {
        /** As seen. */
        FULL,
        /** IPv4 /24, IPv6 /48: enough for usage by region, not for identifying a person. */
        MASKED,
        /** Not recorded. */
        NONE
    }

    /** When an exchange's record is safe against a kill of the gateway (docs/gateway.md, "Durability"). */
    public enum Durability {
        /** The record is handed to the appender thread after the response: the last ~2 ms can be lost to a kill. */
        RELAXED,
        /** The last response write waits until the record is in the mapped journal file (survives a kill, not a power cut). */
        STRICT
    }

    /**
     * The analytics journal (ARCHITECTURE.md contract 4).
     *
     * @param journalDir null = {@code <stateDir>/journal}
     * @param deviceId   null = generated once into {@code <stateDir>/device-id}
     * @param metricsSnapshotSeconds how often a metrics snapshot is journaled for the fleet view; 0 = never
     */
    public record Analytics(boolean enabled, Path journalDir, String deviceId, RollPeriod rollPeriod, long maxJournalBytes,
                            long minFreeBytes, int appendQueueCapacity, ClientIpMode clientIp, Durability durability,
                            long metricsSnapshotSeconds) {}

    public static final long DEFAULT_METRICS_SNAPSHOT_SECONDS = 300;

    public static final Analytics DEFAULT_ANALYTICS = new Analytics(true, null, null, RollPeriod.DAILY,
            JournalSettings.DEFAULT_MAX_JOURNAL_BYTES, JournalSettings.DEFAULT_MIN_FREE_BYTES,
            JournalSettings.DEFAULT_APPEND_QUEUE_CAPACITY, ClientIpMode.FULL, Durability.RELAXED,
            DEFAULT_METRICS_SNAPSHOT_SECONDS);

    public static final Listener DEFAULT_HTTP = new Listener("0.0.0.0", 9090);
    public static final Listener DEFAULT_ADMIN = new Listener("127.0.0.1", 9097);
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/outpost");
    public static final Limits DEFAULT_LIMITS = new Limits(8192, 16384, 100, 64L << 20, 16, 4096, 300, 20, 30,
            10_000, 60_000);
    public static final Backends DEFAULT_BACKENDS = new Backends(new Pool(64, 64, 5_000, 20), 64 * 1024, 5_000,
            new BackendTls(List.of(), true, null, null));
    public static final long DEFAULT_DRAIN_TIMEOUT_MILLIS = 20_000;

    public static GatewayConfig defaults() {
        return new GatewayConfig(null, DEFAULT_HTTP, DEFAULT_ADMIN, null, DEFAULT_STATE_DIR, List.of(), null,
                DEFAULT_LIMITS, DEFAULT_BACKENDS, DEFAULT_ANALYTICS, DEFAULT_DRAIN_TIMEOUT_MILLIS, IoTransport.AUTO,
                TrustedProxies.NONE, TlsSettings.DEFAULT, SecuritySettings.DEFAULT, ThrottleSettings.DEFAULT, false, LogSettings.DEFAULT);
    }

    public GatewayConfig withSource(Path file) {
        return new GatewayConfig(file, http, admin, artifact, stateDir, publisherKeys, updateKey, limits, backends, analytics, drainTimeoutMillis, transport, trustedProxies, tls, security, throttling, lockdown, logging);
    }

    public GatewayConfig withArtifact(Path file) {
        return new GatewayConfig(source, http, admin, file, stateDir, publisherKeys, updateKey, limits, backends, analytics, drainTimeoutMillis, transport, trustedProxies, tls, security, throttling, lockdown, logging);
    }

    public GatewayConfig withPorts(Integer httpPort, Integer adminPort) {
        return new GatewayConfig(source,
                httpPort == null ? http : new Listener(http.host(), httpPort),
                adminPort == null ? admin : new Listener(admin.host(), adminPort),
                artifact, stateDir, publisherKeys, updateKey, limits, backends, analytics, drainTimeoutMillis, transport, trustedProxies, tls, security, throttling, lockdown, logging);
    }

    /** The journal directory: configured, else under the state directory. */
    public Path journalDir() {
        return analytics.journalDir() != null ? analytics.journalDir() : stateDir.resolve("journal");
    }
}
