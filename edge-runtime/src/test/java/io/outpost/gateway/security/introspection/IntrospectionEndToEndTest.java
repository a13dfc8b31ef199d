package io.outpost.gateway.security.introspection;

import static io.outpost.gateway.TestApis.apiWithSandbox;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static io.outpost.gateway.updates.Bundles.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.gateway.GatewayFixture;
import io.outpost.gateway.updates.Bundles;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.RawHttp;
import io.outpost.testing.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process with introspection configured against a real HTTPS key manager (a CA made
 * here, named in trustedCertificates): a token of the offline table never reaches the key manager,
 * a token unknown to the table is accepted on the key manager's word (once: the second use is
 * cached) and another refused, starting asks the key manager nothing, and with it down an unknown
 * token gets the fail-closed answer while the table goes on serving. No token in the output.
 */
class IntrospectionEndToEndTest {

    @Test
    void anUnknownOpaqueTokenIsAskedAboutAndTheAnswerDecides(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        try (EchoBackend backend = new EchoBackend("production"); TestKeyManager km = TestKeyManager.https(ca)) {
            km.active("km-alice-opaque", "{\"active\": true, \"sub\": \"alice\", \"client_id\": \"shop\", \"scope\": \"read\","
                    + " \"exp\": %d}".formatted(System.currentTimeMillis() / 1000 + 600));
            Files.writeString(dir.resolve("km.secret"), TestKeyManager.CLIENT_SECRET + "\n");
            GatewayFixture f = new GatewayFixture(dir, List.of(apiWithSandbox("Pets", "/pets", endpoint(backend.url("")),
                    endpoint(backend.url("")), null, List.of(resource("GET", "/list")))), """
                    security:
                      opaqueTokens:
                        introspection:
                          endpoint: %s
                          clientId: %s
                          clientSecretFile: km.secret
                          trustedCertificates: [ca/ca.pem]
                          timeoutMillis: 1000
                    """.formatted(km.endpoint(), TestKeyManager.CLIENT_ID));
            Bundles bundles = new Bundles(dir.resolve("state"));
            Files.writeString(dir.resolve("update.pub.jwk"), bundles.publicJwk());
            Files.writeString(f.config, Files.readString(f.config).replace("trust:\n", "trust:\n  updateKey: update.pub.jwk\n"));
            bundles.install("opaque-tokens", 1, "[" + token("table-bob-opaque", "bob", "Pets",
                    System.currentTimeMillis() / 1000 + 600) + "]");

            try (GatewayFixture.Running gw = f.start()) {
                int port = gw.httpPort();
                assertEquals(0, km.calls.get(), "starting asks the key manager nothing");
                assertEquals(200, call(port, "table-bob-opaque").status());
                assertEquals(0, km.calls.get(), "a token of the table is decided on the device");

                long started = System.nanoTime();
                RawHttp.Response alice = call(port, "km-alice-opaque");
                long firstMs = (System.nanoTime() - started) / 1_000_000;
                assertEquals(200, alice.status(), alice.body());
                JsonNode echo = Json.mapper().readTree(alice.body());
                assertFalse(echo.get("headers").has("authorization"), "the token never reaches the backend: " + alice.body());
                started = System.nanoTime();
                assertEquals(200, call(port, "km-alice-opaque").status());
                long cachedMs = (System.nanoTime() - started) / 1_000_000;
                assertEquals(1, km.calls.get(), "the second use was answered from the cache");
                System.out.printf("introspected request %d ms, cached %d ms%n", firstMs, cachedMs);

                assertRefused(call(port, "km-mallory-opaque"), 401, 900901);
                assertEquals(2, km.calls.get());
                assertEquals(List.of(), km.problems);

                km.close(); // the key manager goes away
                assertRefused(call(port, "km-carol-opaque"), 503, 101503);
                assertEquals(200, call(port, "km-alice-opaque").status(), "a cached answer outlives the key manager");
                assertEquals(200, call(port, "table-bob-opaque").status(), "the table goes on serving");
                gw.stopAndCheckLeaks();
                String output = gw.process().output();
                assertFalse(output.contains("-opaque"), "no token in the gateway's output: " + output);
                assertFalse(output.contains(TestKeyManager.CLIENT_SECRET), "nor the client secret");
                assertTrue(output.contains("introspection at " + km.endpoint() + " cannot answer"), output);
            }
        }
    }

    private static RawHttp.Response call(int port, String token) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /pets/list HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
            return http.read();
        }
    }

    private static void assertRefused(RawHttp.Response r, int status, int code) throws IOException {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, Json.mapper().readTree(r.body()).get("fault").get("code").asInt(), r.body());
    }
}
