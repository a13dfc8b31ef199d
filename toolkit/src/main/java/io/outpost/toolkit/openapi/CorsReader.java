package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.CorsConfig;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.Suggestions;
import io.outpost.toolkit.validate.TreeReader;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code x-wso2-cors}. WSO2 projects spell its keys in camelCase, kebab-case or snake_case
 * ({@code accessControlAllowOrigins}, {@code access-control-allow-origins},
 * {@code access_control_allow_origins}); all three are accepted.
 */
final class CorsReader {
    private static final String ENABLED = "corsConfigurationEnabled";
    private static final String ORIGINS = "accessControlAllowOrigins";
    private static final String HEADERS = "accessControlAllowHeaders";
    private static final String METHODS = "accessControlAllowMethods";
    private static final String EXPOSE = "accessControlExposeHeaders";
    private static final String CREDENTIALS = "accessControlAllowCredentials";
    private static final String MAX_AGE = "accessControlMaxAge";
    private static final List<String> KEYS = List.of(ENABLED, ORIGINS, HEADERS, METHODS, EXPOSE, CREDENTIALS, MAX_AGE);

    private final TreeReader reader;

    CorsReader(TreeReader reader) {
        this.reader = reader;
    }

    CorsConfig read(JsonNode node, String pointer) {
        if (!reader.isObject(node, pointer, Wso2Extensions.CORS, "write:\n  " + Wso2Extensions.CORS + ":\n    accessControlAllowOrigins: [\"*\"]")) {
            return null;
        }
        Map<String, String> canonicalByAlias = aliases();
        Map<String, JsonNode> values = new HashMap<>();
        Map<String, String> pointers = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String keyPointer = YamlDocument.child(pointer, field.getKey());
            String canonical = canonicalByAlias.get(field.getKey());
            if (canonical == null) {
                reader.error(keyPointer, "unknown key '" + field.getKey() + "' in " + Wso2Extensions.CORS,
                        Suggestions.hint(field.getKey(), KEYS));
            } else if (values.containsKey(canonical)) {
                reader.error(keyPointer, "'" + field.getKey() + "' repeats " + canonical + " (spelt differently)", "keep one of them");
            } else {
                values.put(canonical, field.getValue());
                pointers.put(canonical, keyPointer);
            }
        }
        // Declaring x-wso2-cors without the switch means "on", as in WSO2's samples.
        Boolean enabled = values.containsKey(ENABLED) ? reader.bool(values.get(ENABLED), pointers.get(ENABLED), ENABLED) : Boolean.TRUE;
        Long maxAge = values.containsKey(MAX_AGE) ? reader.nonNegativeLong(values.get(MAX_AGE), pointers.get(MAX_AGE), MAX_AGE) : null;
        Boolean credentials = values.containsKey(CREDENTIALS)
                ? reader.bool(values.get(CREDENTIALS), pointers.get(CREDENTIALS), CREDENTIALS) : null;
        return new CorsConfig(enabled, list(values, pointers, ORIGINS), list(values, pointers, HEADERS),
                list(values, pointers, METHODS), list(values, pointers, EXPOSE), credentials, maxAge);
    }

    private List<String> list(Map<String, JsonNode> values, Map<String, String> pointers, String key) {
        if (!values.containsKey(key)) {
            return null;
        }
        return reader.stringList(values.get(key), pointers.get(key), key, "write it as a list: " + key + ": [\"value\"]");
    }

    private static Map<String, String> aliases() {
        Map<String, String> aliases = new HashMap<>();
        for (String key : KEYS) {
            aliases.put(key, key);
            String words = key.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
            aliases.put(words, key);
            aliases.put(words.replace('_', '-'), key);
        }
        return aliases;
    }
}
