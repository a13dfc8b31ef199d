package io.outpost.gateway.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The gateway's runtime configuration ({@code gateway.yaml}); every field has a safe default.
 *
 * @param source        the file it came from, or null when running on defaults
 * @param artifact      the installed artifact to serve
 * @param stateDir      the only directory the gateway writes to
 * @param publisherKeys public keys whose signatures on artifacts are trusted
 */
public record GatewayConfig(Path source, Listener http, Listener admin, Path artifact, Path stateDir,
                            List<Path> publisherKeys, Limits limits) {

    public record Listener(String host, int port) {}

    /**
     * @param maxInitialLineLength        longest request line accepted (else 414)
     * @param maxHeaderSize               largest header block accepted (else 431)
     * @param maxPipelinedRequests        requests a client may queue on one connection
     * @param idleTimeoutSeconds          an idle keep-alive connection is closed after this
     * @param backendConnectTimeoutMillis connect timeout to a backend (then 503)
     * @param backendResponseTimeoutMillis request sent to response headers, unless the endpoint sets one (then 504)
     */
    public record Limits(int maxInitialLineLength, int maxHeaderSize, int maxPipelinedRequests, int idleTimeoutSeconds,
                         int backendConnectTimeoutMillis, long backendResponseTimeoutMillis) {}

    public static final Listener DEFAULT_HTTP = new Listener("0.0.0.0", 9090);
    public static final Listener DEFAULT_ADMIN = new Listener("127.0.0.1", 9097);
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/outpost");
    public static final Limits DEFAULT_LIMITS = new Limits(8192, 16384, 16, 300, 10_000, 60_000);

    public static GatewayConfig defaults() {
        return new GatewayConfig(null, DEFAULT_HTTP, DEFAULT_ADMIN, null, DEFAULT_STATE_DIR, List.of(), DEFAULT_LIMITS);
    }

    public GatewayConfig withSource(Path file) {
        return new GatewayConfig(file, http, admin, artifact, stateDir, publisherKeys, limits);
    }

    public GatewayConfig withArtifact(Path file) {
        return new GatewayConfig(source, http, admin, file, stateDir, publisherKeys, limits);
    }

    public GatewayConfig withPorts(Integer httpPort, Integer adminPort) {
        return new GatewayConfig(source,
                httpPort == null ? http : new Listener(http.host(), httpPort),
                adminPort == null ? admin : new Listener(admin.host(), adminPort),
                artifact, stateDir, publisherKeys, limits);
    }
}
