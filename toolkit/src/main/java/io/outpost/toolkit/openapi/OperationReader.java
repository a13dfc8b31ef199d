package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.Resource;
import io.outpost.common.model.Resource.Parameter;
import io.outpost.common.model.Resource.RequestBody;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data of one operation that the gateway validates requests and responses with: parameters
 * (path-item and operation level merged, the operation's winning), request body and response
 * schemas, all resolved. Read from the OpenAPI 3 form of the definition, so Swagger 2.0 (converted
 * by swagger-parser) and 3.x come out alike.
 */
final class OperationReader {
    private final SchemaResolver resolver;

    OperationReader(SchemaResolver resolver) {
        this.resolver = resolver;
    }

    List<Parameter> parameters(JsonNode pathItem, JsonNode operation) {
        Map<String, Parameter> byLocation = new LinkedHashMap<>();
        for (JsonNode source : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode declared : source) {
                JsonNode p = resolver.deref(declared);
                String name = p.path("name").asText(null);
                String in = p.path("in").asText(null);
                if (name == null || in == null) {
                    continue; // swagger-parser reports incomplete parameters
                }
                boolean required = in.equals("path") || p.path("required").asBoolean(false);
                byLocation.put(in + ":" + name, new Parameter(name, in, required, resolver.resolveSchema(schemaOf(p))));
            }
        }
        return List.copyOf(byLocation.values());
    }

    /** Path parameter names declared for this operation (to compare with the template). */
    static Set<String> declaredPathParameters(List<Parameter> parameters) {
        Set<String> names = new java.util.TreeSet<>();
        parameters.stream().filter(p -> p.in().equals("path")).forEach(p -> names.add(p.name()));
        return names;
    }

    private static JsonNode schemaOf(JsonNode parameter) {
        if (parameter.has("schema")) {
            return parameter.get("schema");
        }
        // OpenAPI 3 allows "content" instead of "schema": exactly one media type.
        Iterator<JsonNode> media = parameter.path("content").elements();
        return media.hasNext() ? media.next().get("schema") : null;
    }

    RequestBody requestBody(JsonNode operation) {
        if (!operation.has("requestBody")) {
            return null;
        }
        JsonNode body = resolver.deref(operation.get("requestBody"));
        return new RequestBody(body.path("required").asBoolean(false), content(body));
    }

    Map<String, Map<String, JsonNode>> responses(JsonNode operation) {
        Map<String, Map<String, JsonNode>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = operation.path("responses").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> response = it.next();
            if (response.getKey().startsWith("x-")) {
                continue;
            }
            out.put(response.getKey(), content(resolver.deref(response.getValue())));
        }
        return out;
    }

    /** Media type → resolved schema; a media type without a schema maps to null (anything goes). */
    private Map<String, JsonNode> content(JsonNode holder) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = holder.path("content").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> media = it.next();
            out.put(media.getKey(), resolver.resolveSchema(media.getValue().get("schema")));
        }
        return out;
    }

    static Resource resource(String path, String method, String operationId, SharedExtensions ext,
                             List<io.outpost.common.model.SecurityRequirement> security, List<Parameter> parameters,
                             RequestBody body, Map<String, Map<String, JsonNode>> responses) {
        return new Resource(path, method, operationId, ext.production(), ext.sandbox(), ext.throttlingTier(),
                ext.disableSecurity(), ext.authHeader(), ext.transports(), ext.requestInterceptor(),
                ext.responseInterceptor(), security, parameters, body, responses);
    }
}
