package io.outpost.gateway.updates;

import static io.outpost.gateway.TestApis.apiWithSandbox;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static io.outpost.gateway.updates.Bundles.token;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.outpost.common.json.Json;
import io.outpost.gateway.GatewayFixture;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.Emulation;
import io.outpost.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust bundles under a running gateway, every part real: bundles signed with a key made here and
 * installed into the state directory as the sync agent installs them, a gateway process, a backend.
 * A newly applied bundle takes effect through a new generation within the update poll interval
 * (2 s), and a restart starts from the applied bundles.
 */
class TrustBundlesEndToEndTest {
    /** The gateway's poll interval, plus what one check and one generation build take on a busy machine. */
    private static final Duration WITHIN_POLL = Emulation.scale(Duration.ofMillis(2_000 + 1_500));

    @Test
    void opaqueTokensAndRevocationsArriveAsBundlesAndSurviveARestart(@TempDir Path dir) throws Exception {
        try (EchoBackend production = new EchoBackend("production"); EchoBackend sandbox = new EchoBackend("sandbox")) {
            GatewayFixture f = new GatewayFixture(dir, List.of(apiWithSandbox("Pets", "/pets", endpoint(production.url("")),
                    endpoint(sandbox.url("")), null, List.of(resource("GET", "/list")))));
            Bundles bundles = new Bundles(dir.resolve("state"));
            Files.writeString(dir.resolve("update.pub.jwk"), bundles.publicJwk());
            Files.writeString(f.config, Files.readString(f.config).replace("trust:\n", "trust:\n  updateKey: update.pub.jwk\n"));
            long exp = System.currentTimeMillis() / 1000 + 3600;

            try (GatewayFixture.Running gw = f.start()) {
                int port = gw.httpPort();
                assertRefused(call(port, "tok-alice"), 401, 900901); // nothing applied: offline, an unknown token is invalid

                bundles.install("opaque-tokens", 1, "[" + token("tok-alice", "alice", "Pets", exp) + ","
                        + token("tok-bob", "bob", "Pets", exp) + "," + token("tok-other", "eve", "Stores", exp) + ","
                        + "{'sha256': '%s', 'subject': 'sam', 'keyType': 'SANDBOX', 'expiresAt': %d, 'subscriptions': [{'name': 'Pets', 'version': '1.0.0'}]}"
                        .formatted(Bundles.sha256("tok-sandbox"), exp) + "]");
                long installed = System.nanoTime();
                await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(25)).until(() -> call(port, "tok-alice").status() == 200);
                System.out.printf("opaque-tokens 1 took effect %d ms after install%n", (System.nanoTime() - installed) / 1_000_000);
                RawHttp.Response ok = call(port, "tok-alice");
                JsonNode echo = Json.mapper().readTree(ok.body());
                assertEquals("production", echo.get("backend").asText(), ok.body());
                assertFalse(echo.get("headers").has("authorization"), "the token never reaches the backend: " + ok.body());
                assertEquals("sandbox", Json.mapper().readTree(call(port, "tok-sandbox").body()).get("backend").asText(),
                        "the token's key type chooses the endpoints");
                assertRefused(call(port, "tok-unknown"), 401, 900901);
                assertRefused(call(port, "tok-other"), 403, 900908);

                // Sequence 2 is the whole table: alice is no longer in it.
                bundles.install("opaque-tokens", 2, "[" + token("tok-bob", "bob", "Pets", exp) + ","
                        + token("tok-carol", "carol", "Pets", exp) + "]");
                installed = System.nanoTime();
                await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(25)).until(() -> call(port, "tok-alice").status() == 401);
                System.out.printf("opaque-tokens 2 took effect %d ms after install%n", (System.nanoTime() - installed) / 1_000_000);
                assertRefused(call(port, "tok-alice"), 401, 900901);
                assertEquals(200, call(port, "tok-carol").status());

                bundles.install("revocations", 1, "[{'subject': 'bob', 'expiresAt': %d}]".formatted(exp));
                await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(25)).until(() -> call(port, "tok-bob").status() == 401);
                assertRefused(call(port, "tok-bob"), 401, 900901);
                assertEquals(200, call(port, "tok-carol").status(), "revoking bob leaves carol");
                JsonNode applied = Json.mapper().readTree(RawHttp.get(gw.adminPort(), "/updates").body());
                assertEquals(2, applied.get("opaque-tokens").get("sequence").asLong(), applied.toString());
                assertEquals(1, applied.get("revocations").get("sequence").asLong(), applied.toString());
                gw.stopAndCheckLeaks();
                assertFalse(gw.process().output().contains("tok-"), "no token in the gateway's output");
                gw.process().output().lines().filter(l -> l.contains("in force")).forEach(System.out::println);
            }

            // A restart starts from the applied bundles: the first generation already has them.
            try (GatewayFixture.Running gw = f.start()) {
                assertEquals(200, call(gw.httpPort(), "tok-carol").status());
                assertRefused(call(gw.httpPort(), "tok-bob"), 401, 900901);
                assertRefused(call(gw.httpPort(), "tok-alice"), 401, 900901);
                gw.stopAndCheckLeaks();
            }
        }
    }

    /**
     * JWT trust as bundles: a key added by a {@code keys} bundle verifies a token signed with it
     * (gateway.yaml's key goes on being trusted), and a {@code revocations} entry refuses a token the
     * gateway had verified and cached; both survive a restart.
     */
    @Test
    void aKeysBundleAddsASigningKeyAndARevocationRefusesACachedToken(@TempDir Path dir) throws Exception {
        String iss = "https://idp.test/oauth2/token";
        ECKey provisioned = new ECKeyGenerator(Curve.P_256).keyID("provisioned").generate();
        ECKey rotatedIn = new ECKeyGenerator(Curve.P_256).keyID("rotated-in").generate();
        try (EchoBackend production = new EchoBackend("production")) {
            GatewayFixture f = new GatewayFixture(dir, List.of(apiWithSandbox("Pets", "/pets", endpoint(production.url("")),
                    endpoint(production.url("")), null, List.of(resource("GET", "/list")))), """
                    security:
                      jwt:
                        issuers:
                          - issuer: %s
                            jwks: [provisioned.jwks]
                    """.formatted(iss));
            Files.writeString(dir.resolve("provisioned.jwks"), new JWKSet(provisioned.toPublicJWK()).toString());
            Bundles bundles = new Bundles(dir.resolve("state"));
            Files.writeString(dir.resolve("update.pub.jwk"), bundles.publicJwk());
            Files.writeString(f.config, Files.readString(f.config).replace("trust:\n", "trust:\n  updateKey: update.pub.jwk\n"));
            long exp = System.currentTimeMillis() / 1000 + 3600;
            String alice = jwt(provisioned, iss, "alice", "jti-alice", exp);
            String bob = jwt(rotatedIn, iss, "bob", "jti-bob", exp);

            try (GatewayFixture.Running gw = f.start()) {
                int port = gw.httpPort();
                assertEquals(200, call(port, alice).status(), "gateway.yaml's key");
                assertRefused(call(port, bob), 401, 900901); // a key nobody trusts yet

                bundles.install("keys", 1, "{'issuers': [{'issuer': '%s', 'keys': {'keys': [%s]}}]}"
                        .formatted(iss, rotatedIn.toPublicJWK().toJSONString()));
                await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(25)).until(() -> call(port, bob).status() == 200);
                assertEquals(200, call(port, alice).status(), "a bundle adds to gateway.yaml's keys, it does not replace them");
                assertEquals(200, call(port, alice).status(), "verified and cached");

                bundles.install("revocations", 1, "[{'jti': 'jti-alice', 'expiresAt': %d}]".formatted(exp));
                await().atMost(WITHIN_POLL).pollInterval(Duration.ofMillis(25)).until(() -> call(port, alice).status() == 401);
                assertRefused(call(port, alice), 401, 900901);
                assertEquals(200, call(port, bob).status());
                gw.stopAndCheckLeaks();
            }
            try (GatewayFixture.Running gw = f.start()) {
                assertEquals(200, call(gw.httpPort(), bob).status(), "the bundle's key after a restart");
                assertRefused(call(gw.httpPort(), alice), 401, 900901);
                gw.stopAndCheckLeaks();
            }
        }
    }

    private static String jwt(ECKey key, String iss, String subject, String jti, long exp) throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(iss).subject(subject).jwtID(jti)
                        .expirationTime(new java.util.Date(exp * 1000)).issueTime(new java.util.Date()).build());
        token.sign(new ECDSASigner(key));
        return token.serialize();
    }

    /**
     * A signed bundle too large for the gateway's heap (-Xmx64m, as deployed: reading it takes about
     * 12 times its size) is refused before it is read. Before the bound, this 6 MB table ran the
     * gateway out of memory (ExitOnOutOfMemoryError), and again at every start.
     */
    @Test
    void aBundleTooLargeForTheHeapIsRefusedAndTheGatewayServesOn(@TempDir Path dir) throws Exception {
        try (EchoBackend production = new EchoBackend("production")) {
            GatewayFixture f = new GatewayFixture(dir, List.of(apiWithSandbox("Pets", "/pets", endpoint(production.url("")),
                    endpoint(production.url("")), null, List.of(resource("GET", "/list")))));
            Bundles bundles = new Bundles(dir.resolve("state"));
            Files.writeString(dir.resolve("update.pub.jwk"), bundles.publicJwk());
            Files.writeString(f.config, Files.readString(f.config).replace("trust:\n", "trust:\n  updateKey: update.pub.jwk\n"));
            long exp = System.currentTimeMillis() / 1000 + 3600;
            bundles.install("opaque-tokens", 1, "[" + token("tok-alice", "alice", "Pets", exp) + "]");
            try (GatewayFixture.Running gw = f.start()) {
                assertEquals(200, call(gw.httpPort(), "tok-alice").status());
                StringBuilder table = new StringBuilder("[");
                for (int i = 0; i < 12_500; i++) {
                    table.append(i == 0 ? "" : ",").append(token("token-" + i, "user" + i + "@example.com", "Pets", exp));
                }
                byte[] big = bundles.sign("opaque-tokens", 2, table.append("]").toString());
                assertTrue(big.length > 6_000_000, "bytes: " + big.length);
                bundles.store().install(big, bundles.publicKey());
                await().atMost(WITHIN_POLL).until(() -> Json.mapper().readTree(RawHttp.get(gw.adminPort(), "/updates").body())
                        .get("opaque-tokens").path("lastRejection").asText().contains("applies bundles of up to"));
                assertTrue(gw.process().isAlive(), gw.process().output());
                assertEquals(200, call(gw.httpPort(), "tok-alice").status(), "sequence 1 stays in force");
                gw.stopAndCheckLeaks();
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
        assertEquals(code, Json.mapper().readTree(r.body().getBytes(StandardCharsets.UTF_8)).get("fault").get("code").asInt(), r.body());
        assertTrue(r.body().contains("\"code\":" + code), r.body());
    }
}
