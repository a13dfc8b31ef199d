package io.outpost.gateway.endpoint;

import io.outpost.common.endpoint.EndpointVariables;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deploy-time endpoint settings from the environment, named the WSO2 Microgateway 3.x way so
 * one artifact moves between sites unchanged:
 * <ul>
 *   <li>{@code <endpointName>_prod_endpoint_<i>} / {@code _sand_} — URL number i of a named
 *       endpoint ({@code x-wso2-endpoints});</li>
 *   <li>{@code <apiName>_<apiVersion>_prod_endpoint_<i>} — an API-level inline endpoint (the
 *       naming of the Microgateway 2.6, which 3.x kept for unnamed endpoints);</li>
 *   <li>{@code <apiName>_<apiVersion>_<operationId>_prod_endpoint_<i>} — a resource-level inline
 *       endpoint (operationId, else the method and path). Two resources with one operationId
 *       answer to the same name: a value set for it applies to both, each keeping its own
 *       upstream (the toolkit warns about such pairs);</li>
 *   <li>{@code <prefix>_basic_username}, {@code <prefix>_basic_password} or
 *       {@code <prefix>_basic_password_file} — credentials for {@code securityConfig} basic auth.</li>
 * </ul>
 * Characters other than letters, digits and '_' become '_' (environment variable names).
 */
public final class EndpointOverrides {
    private final Map<String, String> env;

    public EndpointOverrides(Map<String, String> env) {
        this.env = env;
    }

    /** The variable prefix of an endpoint, e.g. {@code myEndpoint_prod}. */
    public static String prefix(ApiDefinition api, Resource resource, EndpointConfig endpoint, boolean production) {
        return EndpointVariables.prefix(api.name(), api.version(), resource, endpoint, production);
    }

    /** The declared URLs with any overridden by index; further indexes add members. */
    public List<String> urls(String prefix, List<String> declared) {
        List<String> urls = new ArrayList<>(declared);
        for (int i = 0; ; i++) {
            String value = env.get(prefix + "_endpoint_" + i);
            if (value == null || value.isBlank()) {
                if (i >= declared.size()) {
                    return urls;
                }
                continue;
            }
            if (i < urls.size()) {
                urls.set(i, value.trim());
            } else {
                urls.add(value.trim());
            }
        }
    }

    /**
     * The Authorization header for a backend that declares basic auth. The password never comes
     * from the artifact.
     *
     * @param what names the endpoint in the error
     * @throws IllegalArgumentException naming the variables to set when no password is given
     */
    public String basicAuthorization(String prefix, EndpointConfig.BackendSecurity security, String what) {
        String user = env.getOrDefault(prefix + "_basic_username", security.username());
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException(what + " declares basic auth without a username: set "
                    + prefix + "_basic_username");
        }
        String password = env.get(prefix + "_basic_password");
        String file = env.get(prefix + "_basic_password_file");
        if (password == null && file != null && !file.isBlank()) {
            try {
                password = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(what + ": cannot read " + prefix + "_basic_password_file " + file
                        + ": " + e.getMessage());
            }
        }
        if (password == null) {
            throw new IllegalArgumentException(what + " declares basic auth: set the password in the environment as "
                    + prefix + "_basic_password, or a file holding it as " + prefix + "_basic_password_file");
        }
        String token = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return "Basic " + token;
    }
}
