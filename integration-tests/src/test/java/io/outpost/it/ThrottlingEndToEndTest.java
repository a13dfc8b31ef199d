package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * WSO2's own throttling inputs through the real CLI and a real gateway: the project's policies.yaml
 * is WSO2's tests-policies.yaml byte for byte, the APIs are common_api.yaml (API tier 15PerMin,
 * resource tiers 50kPerMin and 3PerMin) and cors_sample.yaml, changed only in their backend URLs,
 * cors_sample's base path and common_api's NonExistingPolicy (which WSO2's file names to prove the
 * build refuses it). Each tier is exact at N and N+1, per level, with the WSO2 fault code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThrottlingEndToEndTest {
    private static final String ISSUER = "https://localhost:9443/oauth2/token";
    private static final String AUDIENCE = "http://org.wso2.apimgt/gateway";

    private EchoBackend backend;
    private JavaProcess gateway;
    private int port;
    private int adminPort;
    private KeyPair issuerKey;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        backend = new EchoBackend("backend");
        Path home = work.resolve("home");
        String common = Files.readString(Paths.peerSamples().resolve("common_api.yaml"))
                .replace("https://localhost:2380", backend.url(""))
                .replace("x-wso2-throttling-tier: NonExistingPolicy", "x-wso2-throttling-tier: 10kPerMin");
        String cors = Files.readString(Paths.peerSamples().resolve("cors_sample.yaml"))
                .replace("x-wso2-basePath: /petstore/v1", "x-wso2-basePath: /cors/v1")
                .replace("https://petstore.swagger.io/v2", backend.url("/cors"));
        Path commonFile = Files.writeString(work.resolve("common_api.yaml"), common);
        Path corsFile = Files.writeString(work.resolve("cors_sample.yaml"), cors);
        assertEquals(0, Cli.toolkit(work, home, "init", "throttled", "-a", commonFile.toString()).exitCode());
        Path project = work.resolve("throttled");
        JavaProcess.Result added = Cli.toolkit(work, home, "api", "add", project.toString(), corsFile.toString());
        assertEquals(0, added.exitCode(), added.output());
        Files.copy(Paths.peerSamples().getParent().resolve("wso2-3.2.10-more/tests-policies.yaml"),
                project.resolve("policies.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JavaProcess.Result build = Cli.toolkit(work, home, "build", project.toString());
        assertEquals(0, build.exitCode(), build.output());

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        issuerKey = rsa.generateKeyPair();
        Files.writeString(work.resolve("issuer.pem"), TestCa.pem("PUBLIC KEY", issuerKey.getPublic().getEncoded()));
        Files.writeString(work.resolve("gateway.yaml"), """
                listeners: {http: {host: 127.0.0.1, port: 0}}
                admin: {host: 127.0.0.1, port: 0}
                stateDir: state
                trust: {publisherKeys: [home/keys/publisher.pub.jwk]}
                security:
                  jwt:
                    issuers:
                      - issuer: %s
                        audiences: ['%s']
                        certificates: [issuer.pem]
                """.formatted(ISSUER, AUDIENCE));
        gateway = JavaProcess.gateway("--config", work.resolve("gateway.yaml").toString(), "--artifact",
                project.resolve("target/throttled-1.0.0.outpost").toString()).workDir(work).start();
        Matcher ready = gateway.awaitLine("ready http=[^:]+:(\\d+) admin=[^:]+:(\\d+)", Duration.ofSeconds(60));
        port = Integer.parseInt(ready.group(1));
        adminPort = Integer.parseInt(ready.group(2));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }

    /**
     * WSO2's tiers count in fixed windows of a minute, aligned to the clock: a test that sends N+1
     * requests waits, if need be, until the rest of the current minute is long enough for them.
     */
    private static void awaitRoomInThisMinute() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().atOffset(ZoneOffset.UTC).getSecond() < 30);
    }

    private String token(String subject, String application, String applicationTier, List<Map<String, Object>> subscribed)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).issueTime(new Date()).jwtID("jti-" + System.nanoTime())
                .claim("scope", "read:pets write:pets").claim("azp", "consumer-" + application)
                .claim("application", Map.of("id", application, "name", application, "tier", applicationTier));
        if (subscribed != null) {
            claims.claim("subscribedAPIs", subscribed);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) issuerKey.getPrivate()));
        return jwt.serialize();
    }

    private static List<Map<String, Object>> corsSubscription(String tier) {
        return List.of(Map.of("name", "Swagger Petstore New", "context", "/cors/v1", "version", "1.0.0",
                "subscriptionTier", tier));
    }

    private HttpResponse<String> send(String method, String target, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(20)).method(method, method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertThrottled(int code, HttpResponse<String> response, String policy) {
        assertEquals(429, response.statusCode(), response.body());
        JsonNode fault = Json.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("fault");
        assertEquals(code, fault.get("code").asInt(), response.body());
        assertEquals("Message throttled out", fault.get("message").asText());
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After within the minute's window: " + retryAfter);
        assertEquals(policy, response.headers().firstValue("RateLimit-Policy").orElse(null));
        assertTrue(response.headers().firstValue("RateLimit").orElse("").matches("\"\\w+\";r=0;t=\\d+"),
                response.headers().map().toString());
    }

    private void sendAdmitted(int times, String method, String target, String token) throws Exception {
        for (int i = 1; i <= times; i++) {
            HttpResponse<String> r = send(method, target, token);
            assertEquals(200, r.statusCode(), "request " + i + " of " + times + " to " + target + ": " + r.body());
        }
    }

    @Test
    void apiAndResourceTiersOfCommonApiEachBindOnTheirOwnCounter() throws Exception {
        awaitRoomInThisMinute();
        String token = token("alice", "app-resource", "Unlimited", null);
        // GET /pet/{petId}: 3PerMin on the resource, and the API's 15PerMin shared by all its resources.
        sendAdmitted(3, "GET", "/petstore/v1/pet/1", token);
        assertThrottled(900802, send("GET", "/petstore/v1/pet/2", token), "\"resource\";q=3;w=60");
        // The refused request consumed nothing: 3 of the API's 15 are used. PUT /pet is open and its
        // resource tier is 50kPerMin, yet the API's 15PerMin binds it as WSO2 does.
        sendAdmitted(12, "PUT", "/petstore/v1/pet", null);
        assertThrottled(900800, send("PUT", "/petstore/v1/pet", null), "\"api\";q=15;w=60");
        assertThrottled(900800, send("GET", "/petstore/v1/pet/findByStatus?status=sold", token), "\"api\";q=15;w=60");
    }

    @Test
    void subscriptionApplicationAndAllowOnLimitExceedTiersFromTheToken() throws Exception {
        awaitRoomInThisMinute();
        // Bronze: 10 a minute per application and API.
        String bronze = token("bob", "app-bronze", "Unlimited", corsSubscription("Bronze"));
        sendAdmitted(10, "GET", "/cors/v1/pet/1", bronze);
        HttpResponse<String> eleventh = send("GET", "/cors/v1/pet/findByStatus?status=sold", bronze);
        assertThrottled(900804, eleventh, "\"subscription\";q=10;w=60");
        // Another application with the same tier has its own allowance.
        sendAdmitted(1, "GET", "/cors/v1/pet/1", token("bob", "app-bronze-2", "Unlimited", corsSubscription("Bronze")));

        // 5MinAppPolicy: 5 a minute per application and user, under an unlimited subscription.
        String app = token("carol", "app-five", "5MinAppPolicy", corsSubscription("Unlimited"));
        sendAdmitted(5, "GET", "/cors/v1/pet/1", app);
        assertThrottled(900803, send("GET", "/cors/v1/pet/1", app), "\"application\";q=5;w=60");

        // allowOnLimitExceed: 10 a minute with stopOnQuota: false, so the 11th and 12th go through, marked.
        String lenient = token("dave", "app-lenient", "Unlimited", corsSubscription("allowOnLimitExceed"));
        sendAdmitted(12, "GET", "/cors/v1/pet/1", lenient);
        String metrics = send(adminPort, "/metrics");
        assertTrue(metrics.contains("outpost_gateway_throttle_decisions_total{decision=\"subscription_over_quota\"} 2.0"), metrics);
        assertTrue(metrics.contains("outpost_gateway_refusals_total{code=\"900804\"} 1.0"), metrics);
        // Two applications' Bronze subscriptions to the API: two keys of that policy.
        assertTrue(metrics.contains("outpost_gateway_throttle_keys{policy=\"subscription/Bronze\"} 2.0"), metrics);
    }

    private String send(int toPort, String target) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toPort + target)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
