package io.outpost.gateway.endpoint;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.gateway.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which resources share an upstream: a resource's own endpoint is its own, whatever its
 * operationId; only a named endpoint ({@code x-wso2-endpoints}) is shared by the resources that
 * reference it.
 */
class UpstreamsTest {
    private static Resource withOperationId(String method, String path, String operationId, EndpointConfig production) {
        return new Resource(path, method, operationId, production, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    private static List<String> urls(Upstreams upstreams, EndpointConfig endpoint) {
        return upstreams.get(endpoint).members().stream().map(m -> m.target().url()).toList();
    }

    private static Upstreams build(Map<String, String> env, ApiDefinition... apis) {
        return Upstreams.build(List.of(apis), new EndpointOverrides(env), null, GatewayConfig.defaults());
    }

    @Test
    void resourcesSharingAnOperationIdKeepTheirOwnEndpoints() {
        // WSO2's common_api.yaml: findPetsByStatus names both /pet/findByStatus and /pet/findByStatusNew.
        Resource byStatus = withOperationId("GET", "/pet/findByStatus", "findPetsByStatus", endpoint("http://b/v1"));
        Resource byStatusNew = withOperationId("GET", "/pet/findByStatusNew", "findPetsByStatus",
                endpoint("http://b/v1/pet/findByStatusNew?value1=foo"));
        try (Upstreams upstreams = build(Map.of(), api("PetStoreAPI", "/petstore/v1", endpoint("http://b/v2"), null, null,
                List.of(byStatus, byStatusNew)))) {
            assertEquals(List.of("http://b/v1"), urls(upstreams, byStatus.production()));
            assertEquals(List.of("http://b/v1/pet/findByStatusNew?value1=foo"), urls(upstreams, byStatusNew.production()));
        }
    }

    @Test
    void theWso2OverrideNameStillReachesEveryEndpointThatAnswersToIt() {
        Resource a = withOperationId("GET", "/a", "same", endpoint("http://b/a"));
        Resource b = withOperationId("GET", "/b", "same", endpoint("http://b/b"));
        try (Upstreams upstreams = build(Map.of("Api_1_0_0_same_prod_endpoint_0", "http://site/x"),
                api("Api", "/api", null, null, null, List.of(a, b)))) {
            assertEquals(List.of("http://site/x"), urls(upstreams, a.production()));
            assertEquals(List.of("http://site/x"), urls(upstreams, b.production()));
            assertNotSame(upstreams.get(a.production()), upstreams.get(b.production()),
                    "each resource keeps its own health and circuit");
        }
    }

    @Test
    void aNamedEndpointIsOneUpstreamForEveryReferenceButOnlyWhereItIsTheSameEndpoint() {
        // After the artifact's JSON is read, every reference is its own (equal) copy.
        EndpointConfig shared = new EndpointConfig("backend", null, List.of("http://one"), null, null);
        EndpointConfig sameCopy = new EndpointConfig("backend", null, List.of("http://one"), null, null);
        Resource first = withOperationId("GET", "/a", null, shared);
        Resource second = withOperationId("GET", "/b", null, sameCopy);
        // Another definition of the project names a different endpoint 'backend'.
        EndpointConfig otherApis = new EndpointConfig("backend", null, List.of("http://two"), null, null);
        try (Upstreams upstreams = build(Map.of(), api("A", "/a", null, null, null, List.of(first, second)),
                api("B", "/b", otherApis, null, null, List.of(withOperationId("GET", "/c", null, null))))) {
            assertSame(upstreams.get(shared), upstreams.get(sameCopy));
            assertEquals(List.of("http://two"), urls(upstreams, otherApis));
        }
    }

    @Test
    void anInheritedApiEndpointIsOneUpstreamNamedAfterTheApi() {
        EndpointConfig apiLevel = endpoint("http://b/api");
        Resource a = withOperationId("GET", "/a", "getA", null);
        Resource b = withOperationId("GET", "/b", "getB", null);
        try (Upstreams upstreams = build(Map.of("Api_1_0_0_prod_endpoint_0", "http://site/api"),
                api("Api", "/api", apiLevel, null, null, List.of(a, b)))) {
            assertEquals(List.of("http://site/api"), urls(upstreams, apiLevel), "the API's variables, not getA's");
        }
    }

    @Test
    void anApiEndpointThatEveryResourceOverridesIsNotBuilt() {
        // The route policy decides which endpoint a route uses; an unused one cannot stop the start.
        EndpointConfig unused = endpoint("ftp://not-a-backend");
        Resource own = withOperationId("GET", "/a", null, endpoint("http://b/a"));
        try (Upstreams upstreams = build(Map.of(), api("Api", "/api", unused, null, null, List.of(own)))) {
            assertNull(upstreams.get(unused));
            assertEquals(List.of("http://b/a"), urls(upstreams, own.production()));
        }
    }

    @Test
    void aPercentageFailureThresholdStopsTheStartNamingTheEndpoint() {
        EndpointConfig.CircuitBreakerConfig percent = new EndpointConfig.CircuitBreakerConfig(null, 20.0, null, null);
        EndpointConfig breaking = new EndpointConfig(null, null, List.of("http://b"),
                new EndpointConfig.AdvanceEndpointConfig(null, null, percent), null);
        Resource r = withOperationId("GET", "/a", null, breaking);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(Map.of(), api("Api", "/api", null, null, null, List.of(r))));
        assertEquals("API 'Api', production endpoint of API 'Api' GET /a: circuitBreaker failureThreshold is a ratio of"
                + " failed requests and must be between 0 and 1, found 20 (for 20% write failureThreshold: 0.2)", e.getMessage());
    }
}
