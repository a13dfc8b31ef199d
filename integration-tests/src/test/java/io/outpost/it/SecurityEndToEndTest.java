package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.outpost.common.json.Json;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.Paths;
import io.outpost.testing.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * WSO2's own common_api.yaml and cors_sample.yaml, built by the real CLI and served by a real
 * gateway whose gateway.yaml names a JWT issuer, an API-key issuer, static keys and basic users: each
 * mechanism positive and negative, as WSO2's suite tried them. Tokens and keys are made at test time
 * (nimbus for access tokens, `outpost apikey issue` and `outpost hash-password --api-key` for keys,
 * BouncyCastle's bcrypt and a plain SHA-1 for the users: nothing of the gateway's own hashing code
 * makes what it checks). The only changes to WSO2's files are the backend URLs, cors_sample's base
 * path (it shares /petstore/v1 with common_api) and tiers in policies.yaml.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityEndToEndTest {
    private static final String ISSUER = "https://localhost:9443/oauth2/token";
    private static final String KEY_ISSUER = "https://localhost:9095/apikey";
    private static final String AUDIENCE = "http://org.wso2.apimgt/gateway";
    /** Tiers the definitions name, large enough not to matter here. */
    private static final String TIERS = """
              - 15PerMin: {count: 100000, unitTime: 1, timeUnit: min}
              - 3PerMin: {count: 100000, unitTime: 1, timeUnit: min}
              - NonExistingPolicy: {count: 100000, unitTime: 1, timeUnit: min}
            """;

    private EchoBackend production;
    private EchoBackend sandbox;
    private JavaProcess gateway;
    private int port;
    private int adminPort;
    private KeyPair issuerKey;
    private String staticKey;
    private String jwtApiKey;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        production = new EchoBackend("production");
        sandbox = new EchoBackend("sandbox");
        Path home = work.resolve("home");
        String common = Files.readString(Paths.peerSamples().resolve("common_api.yaml"))
                .replace("x-wso2-sandbox-endpoints:\n  urls:\n    - https://localhost:2380/v2",
                        "x-wso2-sandbox-endpoints:\n  urls:\n    - " + sandbox.url("/v2"))
                .replace("https://localhost:2380", production.url(""));
        assertTrue(common.contains(sandbox.url("/v2")) && !common.contains("localhost:2380"));
        String cors = Files.readString(Paths.peerSamples().resolve("cors_sample.yaml"))
                .replace("x-wso2-basePath: /petstore/v1", "x-wso2-basePath: /cors/v1")
                .replace("https://petstore.swagger.io/v2", production.url("/cors"));
        Path commonFile = Files.writeString(work.resolve("common_api.yaml"), common);
        Path corsFile = Files.writeString(work.resolve("cors_sample.yaml"), cors);
        assertEquals(0, Cli.toolkit(work, home, "init", "secured", "-a", commonFile.toString()).exitCode());
        Path project = work.resolve("secured");
        JavaProcess.Result added = Cli.toolkit(work, home, "api", "add", project.toString(), corsFile.toString());
        assertEquals(0, added.exitCode(), added.output());
        String policies = Files.readString(project.resolve("policies.yaml"));
        Files.writeString(project.resolve("policies.yaml"), policies.replace("resourcePolicies:\n", "resourcePolicies:\n" + TIERS));
        JavaProcess.Result build = Cli.toolkit(work, home, "build", project.toString());
        assertEquals(0, build.exitCode(), build.output());

        // The JWT issuer's and the API-key issuer's keys, made now; gateway.yaml gets the public halves.
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        issuerKey = rsa.generateKeyPair();
        KeyPair apiKeyIssuer = rsa.generateKeyPair();
        Files.writeString(work.resolve("issuer.pem"), TestCa.pem("PUBLIC KEY", issuerKey.getPublic().getEncoded()));
        Files.writeString(work.resolve("apikey-issuer.pem"), TestCa.pem("PUBLIC KEY", apiKeyIssuer.getPublic().getEncoded()));
        Path apiKeySigner = Files.writeString(work.resolve("apikey-signer.key"), TestCa.pem("PRIVATE KEY", apiKeyIssuer.getPrivate().getEncoded()));

        JavaProcess.Result issued = Cli.toolkit(work, home, "apikey", "issue", "--api", "PetStoreAPI:1.0.0",
                "--key", apiKeySigner.toString(), "--issuer", KEY_ISSUER, "--audience", AUDIENCE, "--validity", "1d");
        assertEquals(0, issued.exitCode(), issued.output());
        jwtApiKey = issued.output().lines().map(String::trim).filter(l -> l.startsWith("eyJ")).findFirst()
                .orElseThrow(() -> new AssertionError("no key printed: " + issued.output()));
        JavaProcess.Result made = Cli.toolkit(work, home, "hash-password", "--api-key");
        assertEquals(0, made.exitCode(), made.output());
        List<String> keyLines = made.output().lines().filter(l -> l.startsWith("opk_") || l.startsWith("sha256:")).toList();
        staticKey = keyLines.get(0);
        String staticHash = keyLines.get(1);

        String writerHash = OpenBSDBCrypt.generate("2b", "writer-pw".toCharArray(), new byte[16], 10);
        String readerSha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest("reader-pw".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(work.resolve("gateway.yaml"), """
                listeners: {http: {host: 127.0.0.1, port: 0}}
                admin: {host: 127.0.0.1, port: 0}
                stateDir: state
                trust: {publisherKeys: [home/keys/publisher.pub.jwk]}
                limits: {maxHeaderSize: 131072}
                security:
                  jwt:
                    issuers:
                      - issuer: %s
                        audiences: ['%s']
                        certificates: [issuer.pem]
                  apiKeys:
                    issuers:
                      - issuer: %s
                        audiences: ['%s']
                        certificates: [apikey-issuer.pem]
                    static:
                      - name: kiosk-7
                        hash: '%s'
                  basic:
                    users:
                      - {name: writer, password: '%s', scopes: ['write:petsNew']}
                      - {name: reader, password: %s, scopes: ['read:pets']}
                """.formatted(ISSUER, AUDIENCE, KEY_ISSUER, AUDIENCE, staticHash, writerHash, readerSha1));
        gateway = JavaProcess.gateway("--config", work.resolve("gateway.yaml").toString(), "--artifact",
                project.resolve("target/secured-1.0.0.outpost").toString()).workDir(work).start();
        Matcher ready = gateway.awaitLine("ready http=[^:]+:(\\d+) admin=[^:]+:(\\d+)", Duration.ofSeconds(60));
        port = Integer.parseInt(ready.group(1));
        adminPort = Integer.parseInt(ready.group(2));
        // At its line in the one format (FILE:LINE:COL: warning: ...), which editors and CI annotators read.
        assertTrue(java.util.regex.Pattern.compile("(?m)^\\S*gateway\\.yaml:\\d+:\\d+: warning: security\\.basic\\.users\\[1\\]"
                        + "\\.password: user 'reader' has an unsalted").matcher(gateway.output()).find(),
                "the unsalted SHA-1 user is accepted with a warning: " + gateway.output());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        production.close();
        sandbox.close();
    }

    private String token(String scope, String keyType, Instant expires, String audience) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience(audience)
                .expirationTime(Date.from(expires)).issueTime(new Date()).jwtID("jti-" + System.nanoTime())
                .claim("scope", scope).claim("azp", "consumer-1")
                .claim("application", Map.of("id", "app-1", "name", "PetApp", "tier", "Unlimited"));
        if (keyType != null) {
            claims.claim("keytype", keyType);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) issuerKey.getPrivate()));
        return jwt.serialize();
    }

    private String token(String scope) throws Exception {
        return token(scope, null, Instant.now().plusSeconds(600), AUDIENCE);
    }

    private HttpResponse<String> send(String method, String target, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(20)).method(method, method.equals("GET") || method.equals("DELETE") || method.equals("OPTIONS")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int code(HttpResponse<String> response) {
        JsonNode fault = Json.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("fault");
        return fault == null ? 0 : fault.get("code").asInt();
    }

    private JsonNode echo(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), () -> response.body() + "\n" + gateway.output());
        return Json.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    private static void assertRefused(int status, int code, HttpResponse<String> response) {
        assertRefused(status, code, response, "");
    }

    private static void assertRefused(int status, int code, HttpResponse<String> response, String what) {
        assertEquals(status, response.statusCode(), what + " " + response.body());
        assertEquals(code, code(response), what + " " + response.body());
    }

    @Test
    void aJwtFromTheIssuerReachesTheBackendWithoutItsCredential() throws Exception {
        JsonNode seen = echo(send("GET", "/petstore/v1/pet/findByStatus?state=sold", "Authorization", "Bearer " + token("read:pets")));
        assertEquals("production", seen.get("backend").asText());
        assertEquals("/v1/pet/findByStatus?state=sold", seen.get("target").asText());
        assertNull(seen.get("headers").get("authorization"), "the token is taken out of the backend request");

        HttpResponse<String> none = send("GET", "/petstore/v1/pet/findByStatus?state=sold");
        assertRefused(401, 900902, none);
        assertEquals("Bearer realm=\"outpost\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void hostileTokensAreRefusedWith900901AndTheGatewayGoesOn() throws Exception {
        String good = token("read:pets");
        String[] parts = good.split("\\.");
        String noneAlg = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), JWTClaimsSet.parse(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)));
        confused.sign(new MACSigner(pad(issuerKey.getPublic().getEncoded())));
        String tamperedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("alice", "admin")
                        .getBytes(StandardCharsets.UTF_8));
        List<String> hostile = List.of(noneAlg, confused.serialize(), parts[0] + "." + tamperedPayload + "." + parts[2],
                token("read:pets", null, Instant.now().minusSeconds(3600), AUDIENCE),
                token("read:pets", null, Instant.now().plusSeconds(600), "https://other.example/aud"),
                "a.b.c", "!!!.###.$$$", "x".repeat(65_536));
        for (String bad : hostile) {
            long start = System.nanoTime();
            HttpResponse<String> response = send("GET", "/petstore/v1/pet/findByStatus?state=sold", "Authorization", "Bearer " + bad);
            assertRefused(401, 900901, response);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "refused in bounded time");
        }
        HttpResponse<String> bigButJwt = send("GET", "/petstore/v1/pet/findByStatus?state=sold", "Authorization",
                "Bearer " + parts[0] + "." + "A".repeat(64 * 1024) + "." + parts[2]);
        assertRefused(401, 900901, bigButJwt);
        assertEquals(200, send("GET", "/petstore/v1/pet/findByStatus?state=sold", "Authorization", "Bearer " + good).statusCode());
    }

    /** An HMAC key longer than 256 bits, from the RSA public key's bytes: the key-confusion attack. */
    private static byte[] pad(byte[] key) {
        return key.length >= 32 ? key : java.util.Arrays.copyOf(key, 32);
    }

    @Test
    void anApiKeyInTheHeaderOrTheQueryIsEnoughAndLeavesTheBackendRequest() throws Exception {
        JsonNode header = echo(send("GET", "/petstore/v1/pet/1", "api_key", staticKey));
        assertNull(header.get("headers").get("api_key"));
        JsonNode query = echo(send("GET", "/petstore/v1/pet/1?api_key_query=" + staticKey + "&x=1"));
        assertEquals("/v2/pet/1?x=1", query.get("target").asText(), "the key is gone from the query the backend gets");
        echo(send("GET", "/petstore/v1/pet/1", "api_key", jwtApiKey));
        echo(send("GET", "/petstore/v1/pet/1", "Authorization", "Bearer " + token("")));
        assertRefused(401, 900901, send("GET", "/petstore/v1/pet/1", "api_key", staticKey.substring(0, staticKey.length() - 2) + "xx"));
        HttpResponse<String> none = send("GET", "/petstore/v1/pet/1");
        assertRefused(401, 900902, none);
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("APIKey"), none.headers().toString());
    }

    @Test
    void basicUsersAreBoundByTheOAuth2ScopesAsInWso2() throws Exception {
        String writer = "Basic " + Base64.getEncoder().encodeToString("writer:writer-pw".getBytes(StandardCharsets.UTF_8));
        String reader = "Basic " + Base64.getEncoder().encodeToString("reader:reader-pw".getBytes(StandardCharsets.UTF_8));
        echo(send("POST", "/petstore/v1/pet", "Authorization", writer));
        assertRefused(403, 900910, send("POST", "/petstore/v1/pet", "Authorization", reader));
        echo(send("DELETE", "/petstore/v1/pet/1", "Authorization", reader)); // the legacy SHA-1 user, scope read:pets
        assertRefused(401, 900911, send("POST", "/petstore/v1/pet", "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("writer:wrong".getBytes(StandardCharsets.UTF_8))));
        assertRefused(401, 900912, send("POST", "/petstore/v1/pet", "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("writer:".getBytes(StandardCharsets.UTF_8))), "no password");
        assertRefused(401, 900912, send("POST", "/petstore/v1/pet", "Authorization", "Basic !!not-base64!!"));
        // The same token across resources: its scope suits one and not the other.
        String petsWriter = token("write:pets read:pets");
        echo(send("DELETE", "/petstore/v1/pet/1", "Authorization", "Bearer " + petsWriter));
        assertRefused(403, 900910, send("POST", "/petstore/v1/pet", "Authorization", "Bearer " + petsWriter));
        echo(send("POST", "/petstore/v1/pet", "Authorization", "Bearer " + token("write:petsNew")));
        echo(send("POST", "/petstore/v1/pet", "api_key", staticKey));
    }

    @Test
    void disabledSecurityNeedsNothingAndASandboxKeyGoesToTheSandbox() throws Exception {
        assertEquals("production", echo(send("PUT", "/petstore/v1/pet")).get("backend").asText());
        JsonNode sandboxed = echo(send("GET", "/petstore/v1/pet/findByStatus?state=sold", "Authorization",
                "Bearer " + token("", "SANDBOX", Instant.now().plusSeconds(600), AUDIENCE)));
        assertEquals("sandbox", sandboxed.get("backend").asText());
    }

    @Test
    void corsPreflightsOnASecuredApiNeedNoCredentialsAndRefusalsCarryTheCorsFields() throws Exception {
        int before = production.received().size();
        HttpResponse<String> preflight = send("OPTIONS", "/cors/v1/pet/findByStatus", "Origin", "http://test.com",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertEquals(200, preflight.statusCode(), preflight.body());
        assertEquals("http://test.com", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));
        HttpResponse<String> unauthenticated = send("GET", "/cors/v1/pet/findByStatus?state=sold", "Origin", "http://test.com");
        assertRefused(401, 900902, unauthenticated);
        assertEquals("http://test.com", unauthenticated.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        HttpResponse<String> allowed = send("GET", "/cors/v1/pet/findByStatus?state=sold", "Origin", "http://test.com",
                "Authorization", "Bearer " + token(""));
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertEquals("http://test.com", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals(403, send("GET", "/cors/v1/pet/findByStatus?state=sold", "Origin", "http://evil.example",
                "Authorization", "Bearer " + token("")).statusCode());
        assertEquals(before + 1, production.received().size(), "only the allowed request reached the backend");
    }

    @Test
    void refusalsAreCountedByCode() throws Exception {
        send("GET", "/petstore/v1/pet/findByStatus?state=sold", "Authorization", "Bearer forged.token.here");
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics().contains("outpost_gateway_refusals_total{code=\"900901\"}"));
        String text = metrics();
        assertFalse(text.contains("outpost_gateway_refusals_total{code=\"900901\"} 0.0"), text);
    }

    private String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
