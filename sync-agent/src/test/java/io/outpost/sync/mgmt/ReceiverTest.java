package io.outpost.sync.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.Outcome;
import io.outpost.sync.wire.BatchEncoder;
import io.outpost.sync.wire.EncodedBatch;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestCa;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.LongStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference receiver as a real subprocess, driven over real sockets. */
class ReceiverTest {
    private static final String MAIN = "io.outpost.sync.mgmt.MgmtMain";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    Path dir;

    record Started(JavaProcess process, String base) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    private static Started serve(String... args) throws IOException {
        JavaProcess p = JavaProcess.of("sync", MAIN, args).start();
        Matcher m = p.awaitLine("outpost-mgmt ready (https?)=(127\\.0\\.0\\.1:\\d+)", Duration.ofSeconds(30));
        return new Started(p, m.group(1) + "://" + m.group(2));
    }

    static EncodedBatch batch(String device, long epoch, long... indices) {
        BatchEncoder enc = new BatchEncoder(device, epoch);
        for (long i : indices) {
            enc.add(new JournalEntry(JournalEntry.id(device, epoch, i), i, ExchangeRecord.builder().timeMillis(i)
                    .apiName("a").method("GET").status(200).outcome(Outcome.COMPLETED).build()));
        }
        return enc.finish();
    }

    private static HttpResponse<String> post(HttpClient client, String base, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/ingest"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ingest(String base, EncodedBatch batch) throws Exception {
        HttpResponse<String> r = post(HTTP, base, batch.gzip(), "Content-Encoding", "gzip");
        assertEquals(200, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body());
    }

    private static JsonNode get(String url) throws Exception {
        return Json.mapper().readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void storesEachEventOnceAcrossRetriesKillsAndATornTail() throws Exception {
        Path data = dir.resolve("data");
        Path file = data.resolve("events/dev-a.ndjson");
        try (Started r = serve("serve", "--port", "0", "--data", data.toString())) {
            assertEquals("{\"accepted\":3,\"duplicates\":0}", ingest(r.base(), batch("dev-a", 9, 0, 1, 2)).toString());
            assertEquals("{\"accepted\":0,\"duplicates\":3}", ingest(r.base(), batch("dev-a", 9, 0, 1, 2)).toString());
            assertEquals("{\"accepted\":2,\"duplicates\":1}", ingest(r.base(), batch("dev-a", 9, 2, 3, 4)).toString());
            // The same index in another epoch (a recreated journal) is another event.
            assertEquals("{\"accepted\":1,\"duplicates\":0}", ingest(r.base(), batch("dev-a", 10, 0)).toString());
            JsonNode stats = get(r.base() + "/api/v1/stats");
            assertEquals(6, stats.path("accepted").asLong());
            assertEquals(4, stats.path("duplicates").asLong());
            assertEquals(4, stats.path("devices").path("dev-a").path("batches").asLong());
            r.process().process().destroyForcibly().waitFor();
        }
        // A crash mid-write leaves half a line: it is cut off on start, and the index is rebuilt from the file.
        Files.writeString(file, "{\"type\":\"exchange\",\"id\":\"dev-a:9:5\",\"st", StandardOpenOption.APPEND);
        try (Started r = serve("serve", "--port", "0", "--data", data.toString())) {
            assertEquals(6, get(r.base() + "/api/v1/stats").path("accepted").asLong());
            assertEquals("{\"accepted\":1,\"duplicates\":5}", ingest(r.base(), batch("dev-a", 9, 0, 1, 2, 3, 4, 5)).toString());
        }
        List<String> ids = Files.readAllLines(file).stream().map(l -> {
            try {
                return Json.mapper().readTree(l).path("id").asText();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertEquals(List.of("dev-a:9:0", "dev-a:9:1", "dev-a:9:2", "dev-a:9:3", "dev-a:9:4", "dev-a:10:0", "dev-a:9:5"), ids);
    }

    @Test
    void refusesWhatItCannotStoreAndStoresNothingOfIt() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret\n");
        try (Started r = serve("serve", "--port", "0", "--data", dir.resolve("data").toString(), "--token-file", token.toString())) {
            byte[] good = batch("dev-b", 1, 0, 1).gzip();
            HttpResponse<String> none = post(HTTP, r.base(), good, "Content-Encoding", "gzip");
            assertEquals(401, none.statusCode());
            assertEquals("Bearer realm=\"outpost\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, post(HTTP, r.base(), good, "Content-Encoding", "gzip", "Authorization", "Bearer s3cre").statusCode());
            String[] auth = {"Authorization", "Bearer s3cret"};
            HttpResponse<String> notGzip = post(HTTP, r.base(), "hello".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "gzip", auth[0], auth[1]);
            assertEquals(400, notGzip.statusCode());
            assertTrue(notGzip.body().contains("not valid gzip"), notGzip.body());
            String mixed = "{\"batch\":{\"deviceId\":\"dev-b\",\"epoch\":1,\"firstIndex\":0,\"lastIndex\":1,\"count\":2}}\n"
                    + "{\"type\":\"exchange\",\"id\":\"dev-b:1:0\"}\n{\"type\":\"exchange\",\"id\":\"dev-c:1:1\"}\n";
            HttpResponse<String> wrongDevice = post(HTTP, r.base(), mixed.getBytes(StandardCharsets.UTF_8), auth);
            assertEquals(400, wrongDevice.statusCode());
            assertEquals("{\"error\":\"line 3: event id 'dev-c:1:1' does not belong to device 'dev-b' (ids are <deviceId>:<epoch>:<index>)\"}",
                    wrongDevice.body());
            assertEquals(415, post(HTTP, r.base(), good, "Content-Encoding", "br", auth[0], auth[1]).statusCode());
            HttpResponse<String> viaGet = HTTP.send(HttpRequest.newBuilder(URI.create(r.base() + "/api/v1/ingest")).header(auth[0], auth[1]).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, viaGet.statusCode());
            // Nothing of the refused batches was stored: the good batch is all new.
            HttpResponse<String> ok = post(HTTP, r.base(), good, "Content-Encoding", "gzip", auth[0], auth[1]);
            assertEquals("{\"accepted\":2,\"duplicates\":0}", ok.body());
            JsonNode stats = Json.mapper().readTree(HTTP.send(HttpRequest.newBuilder(URI.create(r.base() + "/api/v1/stats"))
                    .header(auth[0], auth[1]).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(2, stats.path("accepted").asLong());
            assertEquals(2, stats.path("refused").asLong());
        }
    }

    @Test
    void oneDataFolderHasOneOwner() throws Exception {
        Path data = dir.resolve("data");
        try (Started r = serve("serve", "--port", "0", "--data", data.toString())) {
            JavaProcess.Result second = JavaProcess.of("sync", MAIN, "serve", "--port", "0", "--data", data.toString()).run(Duration.ofSeconds(30));
            assertEquals(1, second.exitCode());
            assertTrue(second.output().contains("is in use by another outpost mgmt process"), second.output());
        }
    }

    @Test
    void publishesAndServesTheNewestBundleAfterASequence() throws Exception {
        Path key = dir.resolve("update.jwk");
        Files.writeString(key, io.outpost.common.signing.Ed25519Key.generate().toJson());
        Path content = dir.resolve("revoked.json");
        Files.writeString(content, "[{\"jti\":\"jti-1\",\"expiresAt\":\"2100-01-01T00:00:00Z\"}]");
        Path bundles = dir.resolve("bundles");
        for (int i = 0; i < 2; i++) {
            JavaProcess.Result pub = JavaProcess.of("sync", MAIN, "bundle", "publish", "--type", "revocations", "--content",
                    content.toString(), "--key", key.toString(), "--to", bundles.toString()).run(Duration.ofSeconds(30));
            assertEquals(0, pub.exitCode(), pub.output());
            assertTrue(pub.output().contains("published revocations sequence " + (i + 1)), pub.output());
        }
        JavaProcess.Result again = JavaProcess.of("sync", MAIN, "bundle", "publish", "--type", "revocations", "--sequence", "2",
                "--content", content.toString(), "--key", key.toString(), "--to", bundles.toString()).run(Duration.ofSeconds(30));
        assertEquals(1, again.exitCode());
        assertTrue(again.output().contains("already published"), again.output());
        try (Started r = serve("serve", "--port", "0", "--data", dir.resolve("data").toString(), "--bundles", bundles.toString())) {
            HttpResponse<byte[]> newest = HTTP.send(HttpRequest.newBuilder(URI.create(r.base() + "/api/v1/bundles/revocations?after=0")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, newest.statusCode());
            assertEquals("application/jose", newest.headers().firstValue("Content-Type").orElse(""));
            assertEquals("2", newest.headers().firstValue("Outpost-Bundle-Sequence").orElse(""));
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(bundles.resolve("revocations/2.jws")), newest.body()));
            assertEquals(204, status(r.base() + "/api/v1/bundles/revocations?after=2"));
            assertEquals(204, status(r.base() + "/api/v1/bundles/keys?after=0"));
            assertEquals(404, status(r.base() + "/api/v1/bundles/firmware?after=0"));
            assertEquals(400, status(r.base() + "/api/v1/bundles/keys?after=-1"));
        }
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void withAClientCaOnlyClientsWithACertificateFromItGetIn() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Issued server = ca.issue("mgmt", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
        TestCa.Issued device = ca.issue("device-1", Set.of(TestCa.Usage.CLIENT));
        TestCa other = TestCa.create(dir.resolve("other-ca"));
        TestCa.Issued stranger = other.issue("stranger", Set.of(TestCa.Usage.CLIENT));
        try (Started r = serve("serve", "--port", "0", "--data", dir.resolve("data").toString(), "--tls-cert", server.certPem().toString(),
                "--tls-key", server.keyPem().toString(), "--client-ca", ca.caPem().toString())) {
            assertTrue(r.base().startsWith("https://"));
            byte[] body = batch("device-1", 1, LongStream.range(0, 3).toArray()).gzip();
            HttpResponse<String> ok = post(tls(ca.clientContext(device)), r.base(), body, "Content-Encoding", "gzip");
            assertEquals("{\"accepted\":3,\"duplicates\":0}", ok.body());
            assertThrows(IOException.class, () -> post(tls(ca.clientContext(null)), r.base(), body, "Content-Encoding", "gzip"));
            // A client certificate from another CA is refused as well: the receiver trusts only --client-ca.
            SSLContext strangerCtx = SSLContext.getInstance("TLS");
            strangerCtx.init(stranger.keyManagers().getKeyManagers(), ca.trustManagers().getTrustManagers(), null);
            assertThrows(IOException.class, () -> post(tls(strangerCtx), r.base(), body, "Content-Encoding", "gzip"));
        }
    }

    private static HttpClient tls(SSLContext ctx) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx).build();
    }
}
