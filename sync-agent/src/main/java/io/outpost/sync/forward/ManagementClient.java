package io.outpost.sync.forward;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.sync.config.SyncConfig;
import io.outpost.sync.tls.PemTls;
import io.outpost.sync.wire.EncodedBatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The agent's HTTP side of the management contract (docs/management-api.yaml): batch ingest and
 * bundle fetch over one JDK HttpClient (HTTP/1.1; TLS and the client certificate from sync.yaml;
 * the bearer token re-read from its file on each request so a rotated token needs no restart).
 */
public final class ManagementClient {
    /** A fetched bundle: its bytes as served. */
    public record Fetched(byte[] body, String advertisedSequence) {}

    private final HttpClient http;
    private final String base;
    private final Duration requestTimeout;
    private final Path tokenFile;
    private final Pacer pacer;

    public ManagementClient(SyncConfig.Management m, Pacer pacer) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(m.connectTimeoutMillis()));
        if ("https".equals(m.url().getScheme())) {
            b.sslContext(PemTls.context(m.clientCert(), m.clientKey(), m.trustedCa()));
        }
        this.http = b.build();
        String u = m.url().toString();
        this.base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        this.requestTimeout = Duration.ofMillis(m.requestTimeoutMillis());
        this.tokenFile = m.bearerTokenFile();
        this.pacer = pacer;
    }

    public URI ingestUri() {
        return URI.create(base + "/api/v1/ingest");
    }

    public PostResult ingest(EncodedBatch batch) throws InterruptedException {
        HttpRequest.BodyPublisher body = pacer.limited()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new PacedStream(batch.gzip(), pacer))
                : HttpRequest.BodyPublishers.ofByteArray(batch.gzip());
        HttpRequest.Builder req = HttpRequest.newBuilder(ingestUri())
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .POST(body);
        HttpResponse<byte[]> response;
        try {
            authorize(req);
            response = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            return new PostResult.Retry("network", "connect timed out to " + base, null);
        } catch (HttpTimeoutException e) {
            return new PostResult.Retry("timeout", "no answer within " + requestTimeout.toMillis() + " ms", null);
        } catch (ConnectException e) {
            return new PostResult.Retry("network", "cannot connect to " + base + ": " + describe(e), null);
        } catch (IOException e) {
            return new PostResult.Retry("network", describe(e), null);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            try {
                JsonNode r = Json.mapper().readTree(response.body());
                return new PostResult.Accepted(r.path("accepted").asInt(batch.header().count()), r.path("duplicates").asInt(0));
            } catch (IOException e) {
                // The 2xx is the contract's promise; a body we cannot read does not undo it.
                return new PostResult.Accepted(batch.header().count(), 0);
            }
        }
        String message = status + " " + snippet(response.body());
        if (status == 413) {
            return new PostResult.TooLarge(message);
        }
        Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After"));
        if (status == 429 || status == 503) {
            return new PostResult.Retry("throttled", message, retryAfter);
        }
        return new PostResult.Retry(status >= 500 ? "server" : "rejected", message, retryAfter);
    }

    /** GET a bundle newer than {@code after}; empty on 204. */
    public Optional<Fetched> fetchBundle(String type, long after) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/api/v1/bundles/" + type + "?after=" + after))
                .timeout(requestTimeout)
                .header("Accept", "application/jose")
                .GET();
        authorize(req);
        HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 204) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET bundles/" + type + ": " + r.statusCode() + " " + snippet(r.body()));
        }
        return Optional.of(new Fetched(r.body(), r.headers().firstValue("Outpost-Bundle-Sequence").orElse(null)));
    }

    private void authorize(HttpRequest.Builder req) throws IOException {
        if (tokenFile != null) {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            req.header("Authorization", "Bearer " + token);
        }
    }

    static Duration retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String v = header.get().trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return s.isEmpty() ? "" : "(" + s + ")";
    }

    /** The body in small chunks, each paid for from the pacer's budget before it is handed over. */
    private static final class PacedStream extends InputStream {
        private final ByteArrayInputStream in;
        private final Pacer pacer;

        PacedStream(byte[] bytes, Pacer pacer) {
            this.in = new ByteArrayInputStream(bytes);
            this.pacer = pacer;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = Math.min(len, Math.min(pacer.chunkSize(), in.available()));
            if (n == 0) {
                return len == 0 ? 0 : -1;
            }
            try {
                pacer.acquire(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("upload interrupted");
            }
            return in.read(b, off, n);
        }
    }
}
