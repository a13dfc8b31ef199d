package io.outpost.common.endpoint;

import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import java.util.Locale;

/**
 * The names of the deploy-time variables that override an endpoint, the WSO2 Microgateway 3.x
 * way: {@code PREFIX_endpoint_<i>}, {@code PREFIX_basic_username}, … In one place because the
 * gateway applies them and the toolkit warns when two endpoints would answer to the same name.
 */
public final class EndpointVariables {
    private EndpointVariables() {}

    /**
     * {@code <name>_prod} for a named endpoint; {@code <api>_<version>_prod} for an inline one at
     * API level ({@code resource} null); {@code <api>_<version>_<operationId>_prod} at resource
     * level ({@code <method>_<path>} without an operationId). Sandbox: {@code _sand}.
     */
    public static String prefix(String apiName, String apiVersion, Resource resource, EndpointConfig endpoint,
                                boolean production) {
        String kind = production ? "prod" : "sand";
        if (endpoint.name() != null && !endpoint.name().isBlank()) {
            return sanitize(endpoint.name()) + "_" + kind;
        }
        String base = sanitize(apiName) + "_" + sanitize(apiVersion);
        if (resource != null) {
            String op = resource.operationId() != null && !resource.operationId().isBlank() ? resource.operationId()
                    : resource.method().toLowerCase(Locale.ROOT) + "_" + resource.path();
            base += "_" + sanitize(op);
        }
        return base + "_" + kind;
    }

    /** Characters other than letters, digits and '_' become '_' (environment variable names). */
    public static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return sb.toString();
    }
}
