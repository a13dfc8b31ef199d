package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.Suggestions;
import io.outpost.toolkit.validate.TreeReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The extensions WSO2 reads both on the API and on an operation (an operation's value overrides
 * the API's): endpoints, throttling tier, security switch, auth header, transports, interceptors.
 */
record SharedExtensions(EndpointConfig production, EndpointConfig sandbox, String throttlingTier,
                        Boolean disableSecurity, String authHeader, List<String> transports,
                        String requestInterceptor, String responseInterceptor) {

    private static final Set<String> TRANSPORTS = Set.of("http", "https");
    /** RFC 9110 token characters: what a header name may be made of. */
    private static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /** Reads them from {@code node} (the document root or an operation) at {@code pointer}. */
    static SharedExtensions read(TreeReader reader, JsonNode node, String pointer, EndpointReader endpoints,
                                 Map<String, EndpointConfig> named, ThrottlePolicies policies) {
        String p = pointer;
        return new SharedExtensions(
                node.has(Wso2Extensions.PRODUCTION) ? endpoints.read(node.get(Wso2Extensions.PRODUCTION),
                        child(p, Wso2Extensions.PRODUCTION), Wso2Extensions.PRODUCTION, named) : null,
                node.has(Wso2Extensions.SANDBOX) ? endpoints.read(node.get(Wso2Extensions.SANDBOX),
                        child(p, Wso2Extensions.SANDBOX), Wso2Extensions.SANDBOX, named) : null,
                tier(reader, node, p, policies),
                node.has(Wso2Extensions.DISABLE_SECURITY) ? reader.bool(node.get(Wso2Extensions.DISABLE_SECURITY),
                        child(p, Wso2Extensions.DISABLE_SECURITY), Wso2Extensions.DISABLE_SECURITY) : null,
                authHeader(reader, node, p),
                transports(reader, node, p),
                interceptor(reader, node, p, Wso2Extensions.REQUEST_INTERCEPTOR),
                interceptor(reader, node, p, Wso2Extensions.RESPONSE_INTERCEPTOR));
    }

    private static String child(String pointer, String key) {
        return YamlDocument.child(pointer, key);
    }

    private static String tier(TreeReader reader, JsonNode node, String pointer, ThrottlePolicies policies) {
        return node.has(Wso2Extensions.THROTTLING_TIER)
                ? ThrottlingTierReader.read(reader, node.get(Wso2Extensions.THROTTLING_TIER),
                        child(pointer, Wso2Extensions.THROTTLING_TIER), pointer.isEmpty(), policies)
                : null;
    }

    private static String authHeader(TreeReader reader, JsonNode node, String pointer) {
        if (!node.has(Wso2Extensions.AUTH_HEADER)) {
            return null;
        }
        String headerPointer = child(pointer, Wso2Extensions.AUTH_HEADER);
        String header = reader.name(node.get(Wso2Extensions.AUTH_HEADER), headerPointer, Wso2Extensions.AUTH_HEADER,
                Wso2Extensions.AUTH_HEADER + ": Authorization");
        if (header != null && !header.matches(HEADER_NAME)) {
            reader.error(headerPointer, "'" + header + "' is not a valid HTTP header name", "use letters, digits and '-', e.g. X-Api-Auth");
            return null;
        }
        return header;
    }

    private static List<String> transports(TreeReader reader, JsonNode node, String pointer) {
        if (!node.has(Wso2Extensions.TRANSPORTS)) {
            return null;
        }
        String listPointer = child(pointer, Wso2Extensions.TRANSPORTS);
        List<String> raw = reader.stringList(node.get(Wso2Extensions.TRANSPORTS), listPointer, Wso2Extensions.TRANSPORTS,
                "write " + Wso2Extensions.TRANSPORTS + ": [https] (or [http, https])");
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String transport = raw.get(i).toLowerCase(Locale.ROOT);
            if (!TRANSPORTS.contains(transport)) {
                reader.error(YamlDocument.child(listPointer, i), "unknown transport '" + raw.get(i) + "'", "use http or https");
            } else if (!out.contains(transport)) {
                out.add(transport);
            }
        }
        if (raw.isEmpty()) {
            reader.error(listPointer, Wso2Extensions.TRANSPORTS + " is empty: the API could not be called at all",
                    "list http, https or both, or remove the extension to allow both");
        }
        return out.stream().sorted().toList();
    }

    private static String interceptor(TreeReader reader, JsonNode node, String pointer, String key) {
        return node.has(key) ? reader.name(node.get(key), child(pointer, key), key, key + ": myInterceptor") : null;
    }

    /**
     * Warns about {@code x-wso2-*} keys that are not read at this level: misspelt, API-only ones
     * on an operation, or extensions Outpost does not implement. They are ignored, not fatal,
     * so that WSO2 projects keep building.
     */
    static void warnAboutOthers(TreeReader reader, JsonNode node, String pointer, Set<String> readHere, boolean apiLevel) {
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.startsWith(Wso2Extensions.PREFIX) || readHere.contains(key)) {
                continue;
            }
            String keyPointer = child(pointer, key);
            if (!apiLevel && Wso2Extensions.API_LEVEL.contains(key)) {
                reader.warning(keyPointer, key + " is only read at API level; ignored here", "move it to the top of the file");
            } else {
                reader.warning(keyPointer, "unknown extension " + key + "; ignored",
                        Suggestions.closest(key, readHere).map(k -> "did you mean '" + k + "'?").orElse(null));
            }
        }
    }
}
