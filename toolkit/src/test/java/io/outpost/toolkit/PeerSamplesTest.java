package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.artifact.VerifiedArtifact;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.signing.Ed25519Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real WSO2 Microgateway samples build unchanged, and what they declare reaches the artifact. */
class PeerSamplesTest {
    private static final Ed25519Key KEY = Ed25519Key.generate();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"advance_config.yaml", "common_api.yaml", "cors_sample.yaml", "disable_security.yaml",
            "endpoint_by_reference_sample.yaml", "policies_sample.yaml"})
    void everySampleValidatesAndBuilds(String sample) throws Exception {
        Path project = TestProjects.peerProject(tmp.resolve("p"), sample, "15PerMin", "3PerMin", "NonExistingPolicy");
        Cli.Result validate = Cli.run(tmp.resolve("home"), "validate", project);
        assertEquals(0, validate.exitCode(), validate::toString);
        assertFalse(validate.err().contains("error:"), validate::toString);

        Path artifact = tmp.resolve("out.outpost");
        Cli.Result build = Cli.run(tmp.resolve("home"), "build", project, "-o", artifact,
                "--sign-key", TestProjects.keyFile(tmp, KEY));
        assertEquals(0, build.exitCode(), build::toString);
        assertTrue(build.out().contains(KEY.thumbprint()), build::toString);
        VerifiedArtifact verified = TestProjects.verify(artifact, KEY);
        ApiDefinition api = TestProjects.api(verified, sample.replace(".yaml", ""));
        assertEquals(sample, api.sourceFile());
        assertFalse(api.resources().isEmpty());
        assertTrue(api.basePath().startsWith("/"));
    }

    private ApiDefinition built(String sample, String... tiers) throws Exception {
        Path project = TestProjects.peerProject(tmp.resolve("p-" + sample), sample, tiers);
        Path artifact = tmp.resolve(sample + ".outpost");
        Cli.Result build = Cli.run(tmp.resolve("home"), "build", project, "-o", artifact,
                "--sign-key", TestProjects.keyFile(tmp, KEY));
        assertEquals(0, build.exitCode(), build::toString);
        return TestProjects.api(TestProjects.verify(artifact, KEY), sample.replace(".yaml", ""));
    }

    private static Resource resource(ApiDefinition api, String method, String path) {
        return api.resources().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(method + " " + path + " not in " + api.resources().stream()
                        .map(r -> r.method() + " " + r.path()).toList()));
    }

    @Test
    void commonApi() throws Exception {
        ApiDefinition api = built("common_api.yaml", "15PerMin", "3PerMin", "NonExistingPolicy");
        assertEquals("PetStoreAPI", api.name());
        assertEquals("1.0.0", api.version());
        assertEquals("/petstore/v1", api.basePath());
        assertEquals("15PerMin", api.throttlingTier());
        assertEquals(List.of("https://localhost:2380/v2"), api.production().urls());
        assertEquals(EndpointConfig.HTTP, api.production().type());
        assertEquals(List.of("https://localhost:2380/v2"), api.sandbox().urls());
        // One operationId, two resources: each keeps the endpoint declared on it.
        assertEquals("findPetsByStatus", resource(api, "GET", "/pet/findByStatusNew").operationId());
        assertEquals(List.of("https://localhost:2380/v1/pet/findByStatusNew?value1=foo&value2=bar"),
                resource(api, "GET", "/pet/findByStatusNew").production().urls());
        assertEquals(List.of("https://localhost:2380/v1"), resource(api, "GET", "/pet/findByStatus").production().urls());
        assertEquals(Map.of("petstore_auth", List.of()), api.security().get(0).schemes());

        // Resource-level endpoint override.
        Resource findByStatus = resource(api, "GET", "/pet/findByStatus");
        assertEquals(List.of("https://localhost:2380/v1"), findByStatus.production().urls());
        assertNull(findByStatus.sandbox());
        assertEquals("status", findByStatus.parameters().get(0).name());
        assertEquals("query", findByStatus.parameters().get(0).in());
        assertTrue(findByStatus.parameters().get(0).required());
        assertEquals("array", findByStatus.parameters().get(0).schema().path("type").asText());
        // Response schema: $ref to Pet resolved.
        assertEquals("string", findByStatus.responses().get("200").get("application/json")
                .path("items").path("properties").path("name").path("type").asText());

        Resource inventory = resource(api, "GET", "/store/inventory");
        assertEquals(EndpointConfig.FAILOVER, inventory.production().type());
        assertEquals(List.of("https://non.existant.host:2380/v1", "https://localhost:2380/v2"), inventory.production().urls());

        Resource findByTags = resource(api, "GET", "/pet/findByTags");
        assertEquals(EndpointConfig.LOAD_BALANCE, findByTags.production().type(), "several URLs without a type balance");

        Resource updatePet = resource(api, "PUT", "/pet");
        assertEquals(Boolean.TRUE, updatePet.disableSecurity());
        assertEquals("50kPerMin", updatePet.throttlingTier());
        assertEquals(List.of("https://localhost:2380/v2"), updatePet.sandbox().urls());
        assertEquals(List.of("write:pets", "read:pets"), updatePet.security().get(0).schemes().get("petstore_auth"));
        assertTrue(updatePet.requestBody().required());
        assertEquals("object", updatePet.requestBody().content().get("application/json").path("type").asText());

        Resource getPet = resource(api, "GET", "/pet/{petId}");
        assertEquals("3PerMin", getPet.throttlingTier());
        assertEquals(2, getPet.security().size());
        assertEquals(List.of("api_key", "api_key_query"), getPet.security().get(0).schemes().keySet().stream().sorted().toList());
        assertNull(resource(api, "POST", "/store/order").security(), "no operation security: inherit the API's");

        assertEquals("NonExistingPolicy", resource(api, "GET", "/store/order/{orderId}").throttlingTier());
        assertEquals("apiKey", api.securitySchemes().get("api_key").type());
        assertEquals("header", api.securitySchemes().get("api_key").in());
        assertEquals("api_key", api.securitySchemes().get("api_key").parameterName());
        assertEquals("query", api.securitySchemes().get("api_key_query").in());
        assertEquals("basic", api.securitySchemes().get("petstore_basic").scheme());
        assertEquals(List.of("read:pets", "write:pets"), api.securitySchemes().get("petstore_auth").scopes());
    }

    @Test
    void advanceConfig() throws Exception {
        ApiDefinition api = built("advance_config.yaml");
        assertEquals("/advanceEp", api.basePath());
        assertEquals("timeout", api.production().name());
        assertEquals(3000L, api.production().advance().timeoutInMillis());
        assertEquals(4, api.endpoints().size());
        assertEquals(EndpointConfig.FAILOVER, api.endpoints().get("myEndpoint4").type());
        assertEquals(EndpointConfig.LOAD_BALANCE, api.endpoints().get("myEndpoint3").type());

        EndpointConfig.CircuitBreakerConfig breaker = resource(api, "GET", "/circuitBreaker").production().advance().circuitBreaker();
        assertEquals(1, breaker.rollingWindow().requestVolumeThreshold());
        assertEquals(60000L, breaker.rollingWindow().timeWindowInMillis());
        assertEquals(2000L, breaker.rollingWindow().bucketSizeInMillis());
        assertEquals(0.2, breaker.failureThreshold());
        assertEquals(5000L, breaker.resetTimeInMillis());
        assertEquals(List.of(500), breaker.statusCodes());

        EndpointConfig.AdvanceEndpointConfig retry = resource(api, "GET", "/retry").production().advance();
        assertEquals(7000L, retry.timeoutInMillis());
        assertEquals(1, retry.retryConfig().count());
        assertEquals(1000L, retry.retryConfig().intervalInMillis());
        assertEquals(1.2, retry.retryConfig().backOffFactor());
        assertNull(retry.retryConfig().maxIntervalInMillis());
        assertEquals(List.of(504), retry.retryConfig().statusCodes());
    }

    @Test
    void endpointByReference() throws Exception {
        ApiDefinition api = built("endpoint_by_reference_sample.yaml");
        assertEquals("myEndpoint", api.production().name());
        assertEquals(List.of("https://petstore.swagger.io/v2", "https://petstore.swagger.io/v5"), api.production().urls());
        assertEquals(EndpointConfig.LOAD_BALANCE, api.production().type());
        assertEquals(new EndpointConfig.BackendSecurity("basic", "roshan"), api.production().security());

        EndpointConfig byStatus = resource(api, "GET", "/pet/findByStatus").production();
        assertEquals("myEndpoint3", byStatus.name());
        assertEquals(List.of("https://petstore.swagger.io/v3", "https://petstore.swagger.io/v4"), byStatus.urls());
        assertEquals("rajith", byStatus.security().username());
        assertNull(resource(api, "GET", "/pet/{petId}").production(), "no override: the API's endpoint applies");
        assertEquals(List.of("myEndpoint", "myEndpoint3"), List.copyOf(api.endpoints().keySet()));
    }

    @Test
    void corsWithKebabKeys() throws Exception {
        ApiDefinition api = built("cors_sample.yaml");
        assertEquals(List.of("test.com", "example.com"), api.cors().allowOrigins());
        assertEquals(List.of("Authorization", "Content-Type"), api.cors().allowHeaders());
        assertEquals(List.of("GET", "PUT", "POST"), api.cors().allowMethods());
        assertEquals(Boolean.TRUE, api.cors().enabled());
        assertNull(api.cors().allowCredentials());
    }

    @Test
    void disableSecurity() throws Exception {
        ApiDefinition api = built("disable_security.yaml");
        assertEquals("/petstore/v2", api.basePath());
        assertEquals(Boolean.TRUE, api.disableSecurity());
        assertEquals("auth", api.authHeader());
        assertEquals(Boolean.FALSE, resource(api, "GET", "/pet/{petId}").disableSecurity());
        assertNull(resource(api, "GET", "/pet/findByStatus").disableSecurity());
    }

    @Test
    void policiesSample() throws Exception {
        ApiDefinition api = built("policies_sample.yaml");
        assertEquals("10kPerMin", api.throttlingTier());
        assertEquals("20kPerMin", resource(api, "GET", "/pet/findByStatus").throttlingTier());
        assertNull(resource(api, "GET", "/pet/{petId}").throttlingTier());
    }

    @Test
    void commonApiWithoutNonExistingPolicyFailsAtItsLine() {
        Path project = TestProjects.peerProject(tmp.resolve("p"), "common_api.yaml", "15PerMin", "3PerMin");
        Path definition = project.resolve("apis/common_api.yaml");
        int line = TestProjects.lineOf(definition, "x-wso2-throttling-tier: NonExistingPolicy");
        assertEquals(381, line, "the WSO2 sample names the tier under GET /store/order/{orderId}");

        for (String command : List.of("validate", "build")) {
            Cli.Result result = Cli.run(tmp.resolve("home"), command, project);
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.err().contains("common_api.yaml:" + line + ":7: error: unknown throttling tier 'NonExistingPolicy'"),
                    result::toString);
            assertEquals(1, result.err().lines().filter(l -> l.contains(": error:")).count(), result::toString);
        }
        assertFalse(Files.exists(project.resolve("target")), "a failed build writes nothing");
    }

    @Test
    void commonApiWarnsAboutItsRepeatedOperationId() {
        Path project = TestProjects.peerProject(tmp.resolve("p"), "common_api.yaml", "15PerMin", "3PerMin", "NonExistingPolicy");
        Cli.Result result = Cli.run(tmp.resolve("home"), "validate", project);
        assertEquals(0, result.exitCode(), result::toString);
        int second = TestProjects.lineOf(project.resolve("apis/common_api.yaml"), "/pet/findByStatusNew") + 6;
        int first = TestProjects.lineOf(project.resolve("apis/common_api.yaml"), "/pet/findByStatus:") + 6;
        assertTrue(result.err().contains("common_api.yaml:" + second + ":7: warning: operationId 'findPetsByStatus' is also used at "
                        + project.resolve("apis/common_api.yaml") + ":" + first + ":7 (GET /pet/findByStatus); the environment overrides of both resources' own "
                        + "endpoints collide: PetStoreAPI_1_0_0_findPetsByStatus_prod_endpoint_<i> sets the URLs of "
                        + "GET /pet/findByStatus and GET /pet/findByStatusNew alike"),
                result::toString);
        assertNotNull(result.out());
    }
}
