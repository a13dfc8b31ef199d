package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalEntry;
import io.outpost.journal.JournalReader;
import io.outpost.testing.RawHttp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Outpost throttles beyond WSO2's Microgateway, through the real CLI and real gateways:
 * bandwidth quotas on streamed bodies, conditional groups (a header, a client range), a custom
 * policy, the Unauthenticated tier per client address (an IPv6 client by its /64) with trusted and
 * untrusted X-Forwarded-For, blocking conditions from gateway.yaml and from a signed bundle applied
 * under the running gateway, the per-address limit ahead of authentication, and a daily quota kept
 * across kill -9. Windows are an hour or a day, so none rolls during the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThrottlingBeyondWso2EndToEndTest {
    /** A peer the gateways trust as a proxy; the tests' other requests come from 127.0.0.1, untrusted. */
    private static final String PROXY = "127.0.0.2";
    private static final String API = """
            openapi: 3.0.0
            info: {title: Meter, version: 1.0.0}
            x-wso2-basePath: /meter/v1
            x-wso2-production-endpoints: {urls: ['%s']}
            x-wso2-disable-security: true
            paths:
              /upload: {post: {x-wso2-throttling-tier: Bytes1K, responses: {'200': {description: ok}}}}
              /partner: {get: {x-wso2-throttling-tier: Partners, responses: {'200': {description: ok}}}}
              /daily: {get: {x-wso2-throttling-tier: FivePerDay, responses: {'200': {description: ok}}}}
              /open: {get: {responses: {'200': {description: ok}}}}
            """;
    /** A secured API no credential can pass here (no issuer configured): for the limit before authentication. */
    private static final String LOCKED = """
            openapi: 3.0.0
            info: {title: Locked, version: 1.0.0}
            x-wso2-basePath: /locked/v1
            x-wso2-production-endpoints: {urls: ['%s']}
            paths:
              /thing: {get: {responses: {'200': {description: ok}}}}
            """;
    private static final String POLICIES = """
            resourcePolicies:
              - Bytes1K: {dataAmount: 1, dataUnit: KB, unitTime: 1, timeUnit: hour}
              - FivePerDay: {count: 5, unitTime: 1, timeUnit: day}
              - Partners:
                  count: 5
                  unitTime: 1
                  timeUnit: hour
                  conditionGroups:
                    - conditions: [{header: {name: X-Partner, equals: acme}}]
                      count: 2
                      unitTime: 1
                      timeUnit: hour
                    - conditions: [{ipRange: 10.9.0.0/16}]
                      count: 1
                      unitTime: 1
                      timeUnit: hour
            subscriptionPolicies:
              - Unauthenticated: {count: 30, unitTime: 1, timeUnit: hour}
            customPolicies:
              - PerTenant: {key: "$header:X-Tenant", count: 2, unitTime: 1, timeUnit: hour}
            """;

    private EchoBackend backend;
    private Path work;
    private Path artifact;
    private Path updateKey;
    private JavaProcess gateway;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        work = dir;
        backend = new EchoBackend("backend");
        Path home = work.resolve("home");
        Path meter = Files.writeString(work.resolve("meter.yaml"), API.formatted(backend.url("")));
        Path locked = Files.writeString(work.resolve("locked.yaml"), LOCKED.formatted(backend.url("")));
        assertEquals(0, Cli.toolkit(work, home, "init", "meter", "-a", meter.toString()).exitCode());
        Path project = work.resolve("meter");
        assertEquals(0, Cli.toolkit(work, home, "api", "add", project.toString(), locked.toString()).exitCode());
        Files.writeString(project.resolve("policies.yaml"), POLICIES);
        JavaProcess.Result build = Cli.toolkit(work, home, "build", project.toString());
        assertEquals(0, build.exitCode(), build.output());
        artifact = project.resolve("target/meter-1.0.0.outpost");

        Ed25519Key update = Ed25519Key.generate();
        Files.writeString(work.resolve("update.jwk"), update.toJson());
        updateKey = Files.writeString(work.resolve("update.pub.jwk"), update.publicKey().toJson());
        gateway = startGateway("main", """
                trustedProxies: [%s]
                throttling:
                  blocking: {ips: [198.51.100.0/24]}
                """.formatted(PROXY));
        port = port(gateway);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }

    private JavaProcess startGateway(String name, String extra) throws Exception {
        Path config = Files.writeString(work.resolve(name + ".yaml"), """
                listeners: {http: {host: 127.0.0.1, port: 0}}
                admin: {host: 127.0.0.1, port: 0}
                stateDir: state-%s
                trust:
                  publisherKeys: [home/keys/publisher.pub.jwk]
                  updateKey: %s
                """.formatted(name, updateKey) + extra);
        return JavaProcess.gateway("--config", config.toString(), "--artifact", artifact.toString()).workDir(work).start();
    }

    private static int port(JavaProcess gateway) {
        Matcher ready = gateway.awaitLine("ready http=[^:]+:(\\d+)", Duration.ofSeconds(60));
        return Integer.parseInt(ready.group(1));
    }

    /** One GET from {@code from} (a loopback address), with header lines such as "X-Forwarded-For: 10.9.0.5". */
    private static RawHttp.Response get(int port, String from, String target, String... headers) throws Exception {
        try (RawHttp raw = new RawHttp(from, port)) {
            raw.send("GET " + target + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
                    + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList()) + "\r\n");
            return raw.read();
        }
    }

    private static int code(RawHttp.Response r) {
        JsonNode fault = Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("fault");
        return fault == null ? 0 : fault.get("code").asInt();
    }

    private static void assertAnswer(int status, int code, RawHttp.Response r, String what) {
        assertEquals(status, r.status(), what + ": " + r.body());
        if (code != 0) {
            assertEquals(code, code(r), what + ": " + r.body());
        }
    }

    @Test
    void aBandwidthQuotaCountsStreamedBytesAndRefusesTheRequestAfterTheOneThatCrossedIt() throws Exception {
        byte[] body = new byte[600];
        java.util.Arrays.fill(body, (byte) 'x');
        // No length given: the client streams the body chunked, and the gateway counts it as it passes.
        HttpRequest streamed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/meter/v1/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> first = http.send(streamed, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode(), first.body());
        // 600 bytes up and the echo's answer down: the quota of 1 KB is crossed, and that response completed.
        assertTrue(600 + first.body().length() > 1024, "the first exchange crosses 1 KB: " + first.body().length());
        HttpResponse<String> second = http.send(streamed, HttpResponse.BodyHandlers.ofString());
        assertEquals(429, second.statusCode(), second.body());
        assertTrue(second.body().contains("900802"), second.body());
        assertEquals("\"resource\";q=1024;w=3600;qu=\"content-bytes\"", second.headers().firstValue("RateLimit-Policy").orElse(""));
    }

    @Test
    void conditionGroupsCountOnTheirOwnAndXForwardedForIsBelievedOnlyFromATrustedProxy() throws Exception {
        String target = "/meter/v1/partner";
        // The 10.9.0.0/16 group (1 an hour) is shared by every address in the range.
        assertAnswer(200, 0, get(port, PROXY, target, "X-Forwarded-For: 10.9.0.5"), "trusted 10.9.0.5");
        assertAnswer(429, 900802, get(port, PROXY, target, "X-Forwarded-For: 10.9.0.6"), "trusted 10.9.0.6, same group");
        // From an untrusted peer the field is ignored: the client is 127.0.0.1, outside the range,
        // counted by the tier's own limit (5 an hour).
        assertAnswer(200, 0, get(port, "127.0.0.1", target, "X-Forwarded-For: 10.9.0.5"), "untrusted 1");
        assertAnswer(200, 0, get(port, "127.0.0.1", target, "X-Forwarded-For: 10.9.0.5"), "untrusted 2");
        // The header group: 2 an hour, its own counter.
        assertAnswer(200, 0, get(port, "127.0.0.1", target, "X-Partner: acme"), "acme 1");
        assertAnswer(200, 0, get(port, "127.0.0.1", target, "X-Partner: acme"), "acme 2");
        assertAnswer(429, 900802, get(port, "127.0.0.1", target, "X-Partner: acme"), "acme 3");
        // The tier's own limit: 2 used above, 3 left.
        for (int i = 3; i <= 5; i++) {
            assertAnswer(200, 0, get(port, "127.0.0.1", target), "plain " + i);
        }
        assertAnswer(429, 900802, get(port, "127.0.0.1", target), "plain 6");
    }

    @Test
    void aCustomPolicyCountsPerValueOfItsKey() throws Exception {
        assertAnswer(200, 0, get(port, "127.0.0.1", "/meter/v1/open", "X-Tenant: t1"), "t1 1");
        assertAnswer(200, 0, get(port, "127.0.0.1", "/meter/v1/open", "X-Tenant: t1"), "t1 2");
        assertAnswer(429, 900806, get(port, "127.0.0.1", "/meter/v1/open", "X-Tenant: t1"), "t1 3");
        assertAnswer(200, 0, get(port, "127.0.0.1", "/meter/v1/open", "X-Tenant: t2"), "t2 1");
    }

    @Test
    void theJournalRecordsSayTheLevelTierAndOutcome() throws Exception {
        long since = System.currentTimeMillis(); // other tests count on the same policy
        assertAnswer(200, 0, get(port, "127.0.0.1", "/meter/v1/open", "X-Tenant: journaled"), "1");
        assertAnswer(200, 0, get(port, "127.0.0.1", "/meter/v1/open", "X-Tenant: journaled"), "2");
        assertAnswer(429, 900806, get(port, "127.0.0.1", "/meter/v1/open", "X-Tenant: journaled"), "3");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<ExchangeRecord> custom = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(work.resolve("state-main/journal"))) {
                reader.seekAfter(-1);
                for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                    if (e.get().record() instanceof ExchangeRecord x && "PerTenant".equals(x.throttleTier())
                            && x.timeMillis() >= since) {
                        custom.add(x);
                    }
                }
            }
            // The admitted ones name the quota they came closest to (2 a tenant), the refused one the refusing quota.
            assertEquals(List.of(true, true, false), custom.stream().map(ExchangeRecord::throttlePassed).toList(), custom.toString());
            assertTrue(custom.stream().allMatch(x -> "custom".equals(x.throttleLevel())), custom.toString());
            assertEquals(900806, custom.get(2).errorCode());
        });
    }

    @Test
    void openResourcesCountPerClientAddressAndAnIpv6ClientByItsSlash64() throws Exception {
        for (int i = 1; i <= 30; i++) {
            assertAnswer(200, 0, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 192.0.2.1"), "192.0.2.1 #" + i);
        }
        RawHttp.Response refused = get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 192.0.2.1");
        assertAnswer(429, 900804, refused, "192.0.2.1 #31");
        assertEquals("\"subscription\";q=30;w=3600", refused.header("RateLimit-Policy"));
        assertAnswer(200, 0, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 192.0.2.2"), "another client");
        for (int i = 1; i <= 30; i++) {
            assertAnswer(200, 0, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 2001:db8:1::" + i), "/64 #" + i);
        }
        assertAnswer(429, 900804, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 2001:db8:1::ffff"), "same /64");
        assertAnswer(200, 0, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 2001:db8:2::1"), "another /64");
    }

    @Test
    void blockingConditionsFromGatewayYamlAndFromABundleAppliedUnderTheRunningGateway() throws Exception {
        assertAnswer(403, 900805, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 198.51.100.9"), "gateway.yaml range");
        assertAnswer(200, 0, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 203.0.113.5"), "not blocked yet");

        Path content = Files.writeString(work.resolve("blocking.json"), "{\"ips\": [\"203.0.113.5\"], \"apis\": [\"/locked/v1\"]}");
        Path bundles = work.resolve("bundles");
        JavaProcess.Result published = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "bundle", "publish",
                "--type", "blocking", "--content", content.toString(), "--key", work.resolve("update.jwk").toString(),
                "--to", bundles.toString()).run(Duration.ofSeconds(60));
        assertEquals(0, published.exitCode(), published.output());
        // Where the sync agent installs a verified bundle; the gateway verifies it again before applying it.
        Path installed = Files.createDirectories(work.resolve("state-main/updates")).resolve("blocking.jws");
        Files.copy(bundles.resolve("blocking/1.jws"), installed, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertAnswer(403, 900805, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 203.0.113.5"), "bundle address"));
        assertAnswer(403, 900805, get(port, "127.0.0.1", "/locked/v1/thing"), "bundle API");
        // The bundle adds to gateway.yaml's conditions, never takes from them.
        assertAnswer(403, 900805, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 198.51.100.9"), "still blocked");
        assertAnswer(200, 0, get(port, PROXY, "/meter/v1/open", "X-Forwarded-For: 203.0.113.6"), "a neighbour");
    }

    @Test
    void aLimitPerAddressAheadOfAuthenticationAndADailyQuotaKeptAcrossKill9() throws Exception {
        // Not in the last minute of a UTC day: the daily window must not roll during the test.
        await().atMost(Duration.ofSeconds(90)).until(() -> LocalTime.now(ZoneOffset.UTC).isBefore(LocalTime.of(23, 59)));
        String extra = """
                trustedProxies: [%s]
                throttling:
                  snapshotIntervalSeconds: 1
                  perAddress: {count: 8, unitTime: 1, timeUnit: hour}
                """.formatted(PROXY);
        JavaProcess second = startGateway("second", extra);
        try {
            int secondPort = port(second);
            // Bad tokens cost signature checks: the 9th from one address is refused before any.
            for (int i = 1; i <= 8; i++) {
                assertAnswer(401, 900901, get(secondPort, PROXY, "/locked/v1/thing", "X-Forwarded-For: 198.18.0.1",
                        "Authorization: Bearer not.a.token"), "bad token " + i);
            }
            assertAnswer(429, 101429, get(secondPort, PROXY, "/locked/v1/thing", "X-Forwarded-For: 198.18.0.1",
                    "Authorization: Bearer not.a.token"), "9th from the address");

            for (int i = 1; i <= 3; i++) {
                assertAnswer(200, 0, get(secondPort, "127.0.0.1", "/meter/v1/daily"), "daily " + i);
            }
            // Once a snapshot is written after the third request, kill -9 gives nothing back.
            Path snapshot = work.resolve("state-second/throttle-counters.bin");
            Instant counted = Instant.now();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(snapshot)
                    && Files.getLastModifiedTime(snapshot).compareTo(FileTime.from(counted)) > 0);
            second.process().destroyForcibly().waitFor();
        } finally {
            second.close();
        }
        JavaProcess restarted = startGateway("second", extra);
        try {
            int restartedPort = port(restarted);
            assertAnswer(200, 0, get(restartedPort, "127.0.0.1", "/meter/v1/daily"), "daily 4, after the restart");
            assertAnswer(200, 0, get(restartedPort, "127.0.0.1", "/meter/v1/daily"), "daily 5");
            assertAnswer(429, 900802, get(restartedPort, "127.0.0.1", "/meter/v1/daily"), "daily 6");
            // The per-address count (an hour's window) came back too.
            assertAnswer(429, 101429, get(restartedPort, PROXY, "/locked/v1/thing", "X-Forwarded-For: 198.18.0.1"),
                    "still limited after the restart");
        } finally {
            restarted.close();
        }
    }
}
