package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.Resource;
import io.outpost.common.signing.Ed25519Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swagger 2.0, OpenAPI 3.1, JSON files and recursive schemas compile into the same model. */
class FormatsTest {
    private static final Ed25519Key KEY = Ed25519Key.generate();

    @TempDir
    Path tmp;

    private ApiDefinition build(String resource) throws Exception {
        Path project = TestProjects.project(tmp.resolve("p"), "formats", TestProjects.policies());
        Files.copy(Path.of(FormatsTest.class.getResource("/definitions/" + resource).toURI()),
                project.resolve("apis").resolve(resource));
        Path artifact = tmp.resolve("a.outpost");
        Cli.Result result = Cli.run(tmp.resolve("home"), "build", project, "-o", artifact, "--sign-key", TestProjects.keyFile(tmp, KEY));
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.err().contains("error:"), result::toString);
        return TestProjects.api(TestProjects.verify(artifact, KEY), resource.substring(0, resource.lastIndexOf('.')));
    }

    private static Resource resource(ApiDefinition api, String method, String path) {
        return api.resources().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void swagger2() throws Exception {
        ApiDefinition api = build("swagger2.yaml");
        assertEquals("Inventory", api.name());
        assertEquals("/inventory/v2", api.basePath(), "Swagger basePath, trailing slash dropped");
        assertEquals(List.of("https"), api.transports());
        assertEquals("http", api.securitySchemes().get("basicAuth").type());
        assertEquals("basic", api.securitySchemes().get("basicAuth").scheme());
        assertEquals("X-API-Key", api.securitySchemes().get("apiKey").parameterName());
        assertEquals(List.of("items:read", "items:write"), api.securitySchemes().get("oauth").scopes());
        assertEquals(Map.of("oauth", List.of("items:read")), api.security().get(0).schemes());

        Resource get = resource(api, "GET", "/items/{itemId}");
        assertEquals(List.of(), get.security(), "an explicit 'security: []' stays an empty list");
        assertEquals("itemId", get.parameters().get(0).name());
        assertEquals("integer", get.parameters().get(0).schema().path("type").asText());
        assertEquals("integer", get.responses().get("200").get("application/json").path("properties").path("id").path("type").asText());

        Resource put = resource(api, "PUT", "/items/{itemId}");
        assertEquals("10kPerMin", put.throttlingTier());
        assertEquals(2, put.parameters().size());
        assertEquals("dryRun", put.parameters().get(1).name());
        assertTrue(put.requestBody().required());
        assertEquals(List.of("id"), List.of(put.requestBody().content().get("application/json").path("required").get(0).asText()));
        assertEquals(Map.of("basicAuth", List.of(), "apiKey", List.of()), put.security().get(0).schemes());
        assertEquals(Map.of(), put.responses().get("204"));
    }

    @Test
    void openApi31() throws Exception {
        ApiDefinition api = build("openapi31.yaml");
        assertEquals("/sensors/0.3.0", api.basePath(), "{version} substituted");
        assertNull(api.security());
        JsonNode value = resource(api, "GET", "/readings/{sensor}").responses().get("200").get("application/json")
                .path("items").path("properties").path("value").path("type");
        assertEquals("number", value.get(0).asText());
        assertEquals("null", value.get(1).asText());
    }

    @Test
    void jsonDefinition() throws Exception {
        ApiDefinition api = build("petstore.json");
        assertEquals("/jsonpets", api.basePath());
        assertEquals(List.of("https://app.example.com"), api.cors().allowOrigins());
        assertEquals(Boolean.TRUE, api.cors().allowCredentials());
        assertEquals(600L, api.cors().maxAge());
        assertEquals(Boolean.TRUE, resource(api, "GET", "/pets").disableSecurity());
    }

    @Test
    void recursiveSchemasAreCutWithDefs() throws Exception {
        ApiDefinition api = build("recursive.yaml");
        JsonNode body = resource(api, "POST", "/nodes").requestBody().content().get("application/json");
        assertEquals("#/$defs/components.schemas.Node", body.path("properties").path("children").path("items").path("$ref").asText());
        JsonNode defs = body.path("$defs");
        assertTrue(defs.has("components.schemas.Node"), body::toString);
        assertEquals("#/$defs/components.schemas.Node",
                defs.path("components.schemas.Node").path("properties").path("parent").path("properties").path("node").path("$ref").asText());
        JsonNode forest = resource(api, "POST", "/nodes").responses().get("200").get("application/json");
        assertEquals("array", forest.path("type").asText());
        assertEquals("string", forest.path("items").path("properties").path("name").path("type").asText());
        assertTrue(forest.path("$defs").has("components.schemas.Node"), forest::toString);
    }
}
