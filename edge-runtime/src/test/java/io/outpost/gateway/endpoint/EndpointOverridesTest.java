package io.outpost.gateway.endpoint;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.model.EndpointConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WSO2 Microgateway naming of deploy-time endpoint variables. */
class EndpointOverridesTest {
    private final EndpointConfig named = new EndpointConfig("myEndpoint", "load_balance", List.of("http://a", "http://b"), null,
            new EndpointConfig.BackendSecurity("basic", "roshan"));
    private final EndpointConfig inline = new EndpointConfig(null, null, List.of("http://x"), null, null);

    @Test
    void prefixesFollowTheMicrogatewayNames() {
        var api = api("Pet Store", "/pets", inline, true, null, List.of());
        assertEquals("myEndpoint_prod", EndpointOverrides.prefix(api, null, named, true));
        assertEquals("myEndpoint_sand", EndpointOverrides.prefix(api, null, named, false));
        assertEquals("Pet_Store_1_0_0_prod", EndpointOverrides.prefix(api, null, inline, true));
        var r = resource("GET", "/pet/{id}");
        assertEquals("Pet_Store_1_0_0_get__pet__id__prod", EndpointOverrides.prefix(api, r, inline, true));
    }

    @Test
    void urlsAreReplacedByIndexAndExtendedBeyondTheDeclaredOnes() {
        var overrides = new EndpointOverrides(Map.of("myEndpoint_prod_endpoint_1", "http://b2", "myEndpoint_prod_endpoint_2", "http://c"));
        assertEquals(List.of("http://a", "http://b2", "http://c"), overrides.urls("myEndpoint_prod", named.urls()));
        assertEquals(List.of("http://a", "http://b"), new EndpointOverrides(Map.of()).urls("myEndpoint_prod", named.urls()));
    }

    @Test
    void theBackendPasswordComesFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        String fromEnv = new EndpointOverrides(Map.of("myEndpoint_prod_basic_password", "pw"))
                .basicAuthorization("myEndpoint_prod", named.security(), "endpoint");
        assertEquals("Basic cm9zaGFuOnB3", fromEnv); // roshan:pw
        Path secret = Files.writeString(dir.resolve("secret"), "pw\n");
        String fromFile = new EndpointOverrides(Map.of("myEndpoint_prod_basic_password_file", secret.toString()))
                .basicAuthorization("myEndpoint_prod", named.security(), "endpoint");
        assertEquals(fromEnv, fromFile, "a trailing newline in the file is not part of the password");
        var missing = assertThrows(IllegalArgumentException.class, () -> new EndpointOverrides(Map.of())
                .basicAuthorization("myEndpoint_prod", named.security(), "endpoint 'myEndpoint'"));
        assertTrue(missing.getMessage().contains("myEndpoint_prod_basic_password"), missing.getMessage());
    }
}
