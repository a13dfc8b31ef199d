package io.outpost.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.testing.EchoBackend;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.Paths;
import io.outpost.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WSO2's own Microgateway definitions, unchanged, through the real CLI and the real gateway:
 * each builds as its own project, and the secured resources of common_api.yaml are refused.
 */
class PeerSamplesEndToEndTest {
    static final String EXTRA_TIERS = """
              - 15PerMin:
                  count: 15
                  unitTime: 1
                  timeUnit: min
              - 3PerMin:
                  count: 3
                  unitTime: 1
                  timeUnit: min
            """;

    static Path initProject(Path work, Path home, String sample, String extraTiers) throws Exception {
        String name = sample.replace(".yaml", "").replace('_', '-');
        JavaProcess.Result init = Cli.toolkit(work, home, "init", name, "-a",
                Paths.peerSamples().resolve(sample).toString());
        assertEquals(0, init.exitCode(), init.output());
        Path project = work.resolve(name);
        String policies = Files.readString(project.resolve("policies.yaml"));
        Files.writeString(project.resolve("policies.yaml"),
                policies.replace("resourcePolicies:\n", "resourcePolicies:\n" + extraTiers));
        // Unchanged: the definition in the project is byte-for-byte WSO2's file.
        assertEquals(-1L, Files.mismatch(Paths.peerSamples().resolve(sample), project.resolve("apis/" + sample)));
        return project;
    }

    @ParameterizedTest
    @ValueSource(strings = {"advance_config.yaml", "cors_sample.yaml", "disable_security.yaml",
            "endpoint_by_reference_sample.yaml", "policies_sample.yaml"})
    void eachPeerSampleBuildsUnchanged(String sample, @TempDir Path work) throws Exception {
        Path project = initProject(work, work.resolve("home"), sample, EXTRA_TIERS);
        JavaProcess.Result build = Cli.toolkit(work, work.resolve("home"), "build", project.toString());
        assertEquals(0, build.exitCode(), build.output());
        assertTrue(Files.list(project.resolve("target")).anyMatch(p -> p.toString().endsWith(".outpost")));
    }

    @Test
    void commonApiFailsOnItsMissingTierThenBuildsAndIsServed(@TempDir Path work) throws Exception {
        Path home = work.resolve("home");
        Path project = initProject(work, home, "common_api.yaml", EXTRA_TIERS);
        int line = lineOf(Paths.peerSamples().resolve("common_api.yaml"), "x-wso2-throttling-tier: NonExistingPolicy");

        for (String command : List.of("validate", "build")) {
            JavaProcess.Result r = Cli.toolkit(work, home, command, project.toString());
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("NonExistingPolicy"), r.output());
            assertTrue(r.output().contains("common_api.yaml:" + line + ":"), "names file:line " + line + "\n" + r.output());
        }

        String policies = Files.readString(project.resolve("policies.yaml"));
        Files.writeString(project.resolve("policies.yaml"), policies.replace("resourcePolicies:\n",
                "resourcePolicies:\n  - NonExistingPolicy:\n      count: 1\n      unitTime: 1\n      timeUnit: min\n"));
        JavaProcess.Result build = Cli.toolkit(work, home, "build", project.toString());
        assertEquals(0, build.exitCode(), build.output());
        Path artifact = project.resolve("target/common-api-1.0.0.outpost");
        assertTrue(Files.exists(artifact), build.output());

        Files.writeString(work.resolve("gateway.yaml"), """
                listeners: {http: {host: 127.0.0.1, port: 0}}
                admin: {host: 127.0.0.1, port: 0}
                stateDir: state
                trust: {publisherKeys: [home/keys/publisher.pub.jwk]}
                """);
        try (JavaProcess gateway = JavaProcess.gateway("--config", work.resolve("gateway.yaml").toString(),
                "--artifact", artifact.toString()).jvmArgs("-Dio.netty.leakDetection.level=paranoid").start()) {
            Matcher ready = gateway.awaitLine("ready http=[^:]+:(\\d+)", Duration.ofSeconds(60));
            int port = Integer.parseInt(ready.group(1));
            // Root-level `security: petstore_auth` applies.
            for (String target : List.of("/petstore/v1/pet/findByStatus?status=sold", "/petstore/v1/pet/1",
                    "/petstore/v1/store/inventory", "/petstore/v1/user/login?username=a&password=b")) {
                RawHttp.Response r = RawHttp.get(port, target);
                assertEquals(401, r.status(), target + " " + r.body());
                JsonNode fault = Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("fault");
                assertEquals(900902, fault.get("code").asInt());
            }
            // PUT /pet carries x-wso2-disable-security: true, so it is proxied: its sample backend
            // (https://localhost:2380) is not running here, hence 503 / 101503 rather than 401.
            try (RawHttp http = new RawHttp(port)) {
                http.send("PUT /petstore/v1/pet HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\n{}");
                RawHttp.Response r = http.read();
                assertEquals(503, r.status(), r.body());
                assertTrue(r.body().contains("101503"));
            }
            assertEquals(404, RawHttp.get(port, "/petstore/v1/nothing").status());
            assertEquals(405, RawHttp.get(port, "/petstore/v1/store/order").status());
        }
    }

    /**
     * common_api.yaml names two resources findPetsByStatus, each with its own endpoint; the gateway
     * used to send both to the first one's. Two changes to WSO2's file, neither about endpoints:
     * its backend host is this test's echo backend, and security is off (no tokens here).
     */
    @Test
    void commonApiResourcesSharingAnOperationIdReachTheirOwnEndpoints(@TempDir Path work) throws Exception {
        Path home = work.resolve("home");
        try (EchoBackend backend = new EchoBackend("petstore")) {
            String sample = Files.readString(Paths.peerSamples().resolve("common_api.yaml"));
            String definition = sample.replace("https://localhost:2380", backend.url(""))
                    .replace("x-wso2-basePath: /petstore/v1\n", "x-wso2-basePath: /petstore/v1\nx-wso2-disable-security: true\n");
            assertTrue(definition.contains("x-wso2-disable-security: true\n") && !definition.contains("localhost:2380"));
            Path file = Files.writeString(work.resolve("common_api.yaml"), definition);
            JavaProcess.Result init = Cli.toolkit(work, home, "init", "common-api", "-a", file.toString());
            assertEquals(0, init.exitCode(), init.output());
            Path project = work.resolve("common-api");
            String policies = Files.readString(project.resolve("policies.yaml"));
            Files.writeString(project.resolve("policies.yaml"), policies.replace("resourcePolicies:\n", "resourcePolicies:\n"
                    + EXTRA_TIERS + "  - NonExistingPolicy:\n      count: 1\n      unitTime: 1\n      timeUnit: min\n"));
            JavaProcess.Result build = Cli.toolkit(work, home, "build", project.toString());
            assertEquals(0, build.exitCode(), build.output());
            assertTrue(build.output().contains("PetStoreAPI_1_0_0_findPetsByStatus_prod_endpoint_<i> sets the URLs of "
                    + "GET /pet/findByStatus and GET /pet/findByStatusNew alike"), build.output());

            Files.writeString(work.resolve("gateway.yaml"), """
                    listeners: {http: {host: 127.0.0.1, port: 0}}
                    admin: {host: 127.0.0.1, port: 0}
                    stateDir: state
                    trust: {publisherKeys: [home/keys/publisher.pub.jwk]}
                    artifact: common-api/target/common-api-1.0.0.outpost
                    """);
            try (JavaProcess gateway = JavaProcess.gateway("--config", work.resolve("gateway.yaml").toString()).start()) {
                int port = Integer.parseInt(gateway.awaitLine("ready http=[^:]+:(\\d+)", Duration.ofSeconds(60)).group(1));
                // Endpoint URL path + the path after the base path, then the endpoint's own query. (No
                // client query: the echo backend reads ?status= as the status to answer with.)
                assertEquals("/v1/pet/findByStatusNew/pet/findByStatusNew?value1=foo&value2=bar",
                        echoedTarget(port, "/petstore/v1/pet/findByStatusNew"));
                assertEquals("/v1/pet/findByStatus", echoedTarget(port, "/petstore/v1/pet/findByStatus"));
                assertEquals("/v1/pet/findByStatusNew/pet/findByStatusNew?value1=foo&value2=bar",
                        echoedTarget(port, "/petstore/v1/pet/findByStatusNew"), "every request, not only the first");
            }
        }
    }

    private static String echoedTarget(int port, String target) throws Exception {
        RawHttp.Response r = RawHttp.get(port, target);
        assertEquals(200, r.status(), target + " " + r.body());
        return Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("target").asText();
    }

    private static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

}
