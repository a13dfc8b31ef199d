package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ApplicationSecurity;
import io.outpost.common.model.SecurityRequirement;
import io.outpost.common.model.SecurityScheme;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.Suggestions;
import io.outpost.toolkit.validate.TreeReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** OpenAPI security requirements and schemes, and WSO2's {@code x-wso2-application-security}. */
final class SecurityReader {
    private static final Set<String> SCHEME_TYPES = Set.of("apiKey", "http", "oauth2", "openIdConnect", "mutualTLS");
    private static final Set<String> APP_SECURITY_KEYS = Set.of("security-types", "securityTypes", "security_types", "optional");

    private final TreeReader reader;

    SecurityReader(TreeReader reader) {
        this.reader = reader;
    }

    /** A {@code security} list; an explicit {@code []} stays an empty list (anonymous allowed). */
    List<SecurityRequirement> requirements(JsonNode node, String pointer) {
        String hint = "write:\n  security:\n    - schemeName: []";
        if (!node.isArray()) {
            reader.error(pointer, "security must be a list of requirements, found " + TreeReader.describe(node), hint);
            return null;
        }
        List<SecurityRequirement> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemPointer = YamlDocument.child(pointer, i);
            if (!reader.isObject(item, itemPointer, "a security requirement", hint)) {
                continue;
            }
            Map<String, List<String>> schemes = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String scopesPointer = YamlDocument.child(itemPointer, field.getKey());
                JsonNode scopes = field.getValue();
                List<String> list = scopes.isNull() ? List.of()
                        : reader.stringList(scopes, scopesPointer, "scopes of '" + field.getKey() + "'", "write " + field.getKey() + ": [] when no scope is needed");
                if (list != null) {
                    schemes.put(field.getKey(), list);
                }
            }
            out.add(new SecurityRequirement(schemes));
        }
        return List.copyOf(out);
    }

    /** Every scheme named by a requirement must be declared, or the gateway could never satisfy it. */
    void checkDeclared(JsonNode node, String pointer, Map<String, SecurityScheme> schemes, String declaredWhere) {
        if (node == null || !node.isArray()) {
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemPointer = YamlDocument.child(pointer, i);
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!schemes.containsKey(name)) {
                    reader.error(YamlDocument.child(itemPointer, name),
                            "security scheme '" + name + "' is not declared in " + declaredWhere,
                            schemes.isEmpty() ? "declare it under " + declaredWhere : Suggestions.hint(name, schemes.keySet()));
                }
            }
        }
    }

    /**
     * Schemes from the OpenAPI 3 form of the definition ({@code components.securitySchemes};
     * Swagger 2.0 {@code securityDefinitions} arrive converted). {@code rawPointer} locates them in
     * the file as written, for messages.
     */
    SortedMap<String, SecurityScheme> schemes(JsonNode v3Schemes, SchemaResolver resolver, String rawPointer) {
        SortedMap<String, SecurityScheme> out = new TreeMap<>();
        if (v3Schemes == null || !v3Schemes.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = v3Schemes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String pointer = YamlDocument.child(rawPointer, field.getKey());
            JsonNode scheme = resolver.deref(field.getValue());
            String type = scheme.path("type").asText(null);
            if (type == null || !SCHEME_TYPES.contains(type)) {
                reader.error(pointer, "security scheme '" + field.getKey() + "' has "
                        + (type == null ? "no type" : "unknown type '" + type + "'"),
                        type == null ? "add 'type:' (one of " + String.join(", ", new TreeSet<>(SCHEME_TYPES)) + ")" : Suggestions.hint(type, SCHEME_TYPES));
                continue;
            }
            Set<String> scopes = new TreeSet<>();
            scheme.path("flows").forEach(flow -> flow.path("scopes").fieldNames().forEachRemaining(scopes::add));
            out.put(field.getKey(), new SecurityScheme(type, text(scheme, "scheme"), text(scheme, "in"),
                    text(scheme, "name"), text(scheme, "bearerFormat"), List.copyOf(scopes)));
        }
        return out;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    ApplicationSecurity applicationSecurity(JsonNode node, String pointer) {
        String hint = "write:\n  " + Wso2Extensions.APPLICATION_SECURITY + ":\n    security-types: [oauth2]\n    optional: false";
        if (!reader.isObject(node, pointer, Wso2Extensions.APPLICATION_SECURITY, hint)) {
            return null;
        }
        reader.rejectUnknownKeys(node, pointer, APP_SECURITY_KEYS, Wso2Extensions.APPLICATION_SECURITY);
        List<String> types = null;
        int spellings = 0;
        for (String key : List.of("security-types", "securityTypes", "security_types")) {
            if (node.has(key)) {
                spellings++;
                types = reader.stringList(node.get(key), YamlDocument.child(pointer, key), key, hint);
            }
        }
        if (spellings > 1) {
            reader.error(pointer, Wso2Extensions.APPLICATION_SECURITY + " lists its security types twice (spelt differently)", "keep one");
        }
        Boolean optional = node.has("optional") ? reader.bool(node.get("optional"), pointer + "/optional", "optional") : null;
        return new ApplicationSecurity(types, optional);
    }
}
