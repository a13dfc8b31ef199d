package io.outpost.gateway;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.common.model.SecurityRequirement;
import java.util.List;

/** Compact builders for the model records used by the gateway's tests. */
public final class TestApis {
    private TestApis() {}

    public static ApiDefinition api(String name, String basePath, EndpointConfig production, Boolean disableSecurity,
                                    List<SecurityRequirement> security, List<Resource> resources) {
        return new ApiDefinition(name, "1.0.0", basePath, name + ".yaml", production, null, null, null, disableSecurity,
                null, null, null, null, null, null, null, security, null, resources);
    }

    /** An API with both endpoint sets: the key type a security stage finds chooses between them. */
    public static ApiDefinition apiWithSandbox(String name, String basePath, EndpointConfig production, EndpointConfig sandbox,
                                    Boolean disableSecurity, List<Resource> resources) {
        return new ApiDefinition(name, "1.0.0", basePath, name + ".yaml", production, sandbox, null, null, disableSecurity,
                null, null, null, null, null, null, null, null, null, resources);
    }

    public static Resource resource(String method, String path) {
        return resource(method, path, null, null, null, List.of());
    }

    public static Resource resource(String method, String path, EndpointConfig production, Boolean disableSecurity,
                                    List<SecurityRequirement> security, List<String> transports) {
        return new Resource(path, method, null, production, null, null, disableSecurity, null, transports, null, null,
                security, null, null, null);
    }

    public static EndpointConfig endpoint(String... urls) {
        return new EndpointConfig(null, null, List.of(urls), null, null);
    }
}
