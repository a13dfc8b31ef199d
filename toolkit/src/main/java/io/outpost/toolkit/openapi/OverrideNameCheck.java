package io.outpost.toolkit.openapi;

import io.outpost.common.endpoint.EndpointVariables;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.toolkit.validate.TreeReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resources are told apart by path and method, never by operationId, so each keeps its own
 * endpoint. But the deploy-time variables that override a resource's inline endpoint are named
 * the WSO2 way, after the API, its version and the operationId (method and path without one):
 * two resources with one operationId (WSO2's own common_api.yaml has them), or whose names differ
 * only in characters a variable name cannot hold, answer to the same variables, and one value
 * replaces both endpoints. A warning, not an error, so such projects keep building.
 */
final class OverrideNameCheck {
    private record Seen(String pointer, Resource resource) {
        String describe() {
            return resource.method() + " " + resource.path();
        }
    }

    private final TreeReader reader;
    private final String apiName;
    private final String apiVersion;
    private final Map<String, Seen> byOperationId = new HashMap<>();
    private final Map<String, Seen> byVariables = new HashMap<>();

    OverrideNameCheck(TreeReader reader, String apiName, String apiVersion) {
        this.reader = reader;
        this.apiName = apiName == null ? "" : apiName;
        this.apiVersion = apiVersion == null ? "" : apiVersion;
    }

    /** @param opPointer where the operation is ({@code /paths/~1pets/get}) */
    void add(Resource resource, String opPointer) {
        Seen here = new Seen(opPointer, resource);
        Seen sameId = resource.operationId() == null ? null : byOperationId.putIfAbsent(resource.operationId(), here);
        List<String> shared = new ArrayList<>();
        Seen sameVariables = null;
        for (boolean production : List.of(true, false)) {
            EndpointConfig endpoint = production ? resource.production() : resource.sandbox();
            if (endpoint == null || endpoint.name() != null) {
                continue; // none of its own, or a named endpoint: shared by design, overridden by its name
            }
            String prefix = EndpointVariables.prefix(apiName, apiVersion, resource, endpoint, production);
            Seen other = byVariables.putIfAbsent(prefix, here);
            if (other != null) {
                shared.add(prefix + "_endpoint_<i>");
                sameVariables = sameVariables == null ? other : sameVariables;
            }
        }
        if (sameId != null) {
            reader.warning(opPointer + "/operationId", "operationId '" + resource.operationId() + "' is also used at "
                            + reader.at(sameId.pointer() + "/operationId") + " (" + sameId.describe() + ")"
                            + (shared.isEmpty() ? "" : "; " + collision(shared, sameVariables, here)),
                    "give each operation its own operationId" + (shared.isEmpty() ? ""
                            : " (each resource keeps its own endpoint either way; only the override names are shared)"));
        } else if (!shared.isEmpty()) {
            reader.warning(opPointer, here.describe() + " and " + sameVariables.describe() + " at "
                            + reader.at(sameVariables.pointer()) + " get the same override names; " + collision(shared, sameVariables, here),
                    "give the two operations operationIds that differ in letters, digits or '_'");
        }
    }

    private static String collision(List<String> variables, Seen first, Seen second) {
        return "the environment overrides of both resources' own endpoints collide: " + String.join(" and ", variables)
                + " sets the URLs of " + first.describe() + " and " + second.describe() + " alike";
    }
}
