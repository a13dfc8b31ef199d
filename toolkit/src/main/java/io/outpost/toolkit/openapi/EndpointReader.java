package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.endpoint.FailureThreshold;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.EndpointConfig.AdvanceEndpointConfig;
import io.outpost.common.model.EndpointConfig.BackendSecurity;
import io.outpost.common.model.EndpointConfig.CircuitBreakerConfig;
import io.outpost.common.model.EndpointConfig.RetryConfig;
import io.outpost.common.model.EndpointConfig.RollingWindow;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.Suggestions;
import io.outpost.toolkit.validate.TreeReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * WSO2 endpoint objects ({@code urls}, {@code type}, {@code advanceEndpointConfig},
 * {@code securityConfig}), the named {@code x-wso2-endpoints} and {@code "#/x-wso2-endpoints/NAME"}
 * references to them.
 */
final class EndpointReader {
    static final String REFERENCE_PREFIX = "#/" + Wso2Extensions.ENDPOINTS + "/";
    private static final Set<String> ENDPOINT_KEYS = Set.of("urls", "type", "advanceEndpointConfig", "securityConfig");
    private static final Set<String> TYPES = Set.of(EndpointConfig.HTTP, EndpointConfig.LOAD_BALANCE, EndpointConfig.FAILOVER);
    private static final Set<String> ADVANCE_KEYS = Set.of("timeoutInMillis", "retryConfig", "circuitBreaker");
    private static final Set<String> RETRY_KEYS = Set.of("count", "intervalInMillis", "backOffFactor",
            "maxIntervalInMillis", "statusCodes");
    private static final Set<String> BREAKER_KEYS = Set.of("rollingWindow", "failureThreshold", "resetTimeInMillis",
            "statusCodes");
    private static final Set<String> WINDOW_KEYS = Set.of("requestVolumeThreshold", "timeWindowInMillis",
            "bucketSizeInMillis");
    private static final Set<String> SECURITY_KEYS = Set.of("type", "username", "password");
    private static final String URLS_EXAMPLE = "urls:\n    - https://backend.example.com/v1";

    private final TreeReader reader;

    EndpointReader(TreeReader reader) {
        this.reader = reader;
    }

    /** {@code x-wso2-endpoints}: a list of single-key maps (WSO2's form) or one plain map. */
    SortedMap<String, EndpointConfig> readNamed(JsonNode node, String pointer) {
        SortedMap<String, EndpointConfig> named = new TreeMap<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String itemPointer = YamlDocument.child(pointer, i);
                if (!item.isObject() || item.size() != 1) {
                    reader.error(itemPointer, "each item of " + Wso2Extensions.ENDPOINTS + " must be a map with one endpoint name, found "
                            + (item.isObject() ? "a map with " + item.size() + " keys" : TreeReader.describe(item)),
                            "write:\n  - myEndpoint:\n      " + URLS_EXAMPLE.replace("\n", "\n      "));
                    continue;
                }
                addNamed(named, item.fieldNames().next(), item, itemPointer);
            }
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> addNamed(named, name, node, pointer));
        } else {
            reader.error(pointer, Wso2Extensions.ENDPOINTS + " must be a list of named endpoints, found " + TreeReader.describe(node),
                    "write:\n  - myEndpoint:\n      " + URLS_EXAMPLE.replace("\n", "\n      "));
        }
        return named;
    }

    private void addNamed(SortedMap<String, EndpointConfig> named, String name, JsonNode parent, String parentPointer) {
        String pointer = YamlDocument.child(parentPointer, name);
        if (named.containsKey(name)) {
            reader.error(pointer, "endpoint '" + name + "' is defined twice in " + Wso2Extensions.ENDPOINTS, "rename or remove one");
            return;
        }
        JsonNode body = parent.get(name);
        if (body.isTextual()) {
            reader.error(pointer, "a named endpoint must be defined inline, not as a reference", "give it 'urls:'");
            return;
        }
        EndpointConfig endpoint = readInline(body, pointer, "endpoint '" + name + "'", name);
        if (endpoint != null) {
            named.put(name, endpoint);
        }
    }

    /**
     * An {@code x-wso2-production-endpoints} / {@code x-wso2-sandbox-endpoints} value: an inline
     * object or a reference to a named endpoint (which then carries its name).
     */
    EndpointConfig read(JsonNode node, String pointer, String what, Map<String, EndpointConfig> named) {
        if (node.isTextual()) {
            String ref = node.asText();
            if (!ref.startsWith(REFERENCE_PREFIX)) {
                reader.error(pointer, what + " reference '" + ref + "' must have the form '" + REFERENCE_PREFIX + "NAME'",
                        "write " + what + ": \"" + REFERENCE_PREFIX + "myEndpoint\", or an object with 'urls:'");
                return null;
            }
            String name = ref.substring(REFERENCE_PREFIX.length());
            EndpointConfig target = named.get(name);
            if (target == null) {
                reader.error(pointer, "unknown endpoint reference '" + ref + "': no endpoint '" + name + "' in "
                        + Wso2Extensions.ENDPOINTS, named.isEmpty()
                        ? "define it at the top level:\n  " + Wso2Extensions.ENDPOINTS + ":\n    - " + name + ":\n        " + URLS_EXAMPLE.replace("\n", "\n        ")
                        : Suggestions.hint(name, named.keySet()));
            }
            return target;
        }
        return readInline(node, pointer, what, null);
    }

    private EndpointConfig readInline(JsonNode node, String pointer, String what, String name) {
        if (!reader.isObject(node, pointer, what, "write:\n  " + URLS_EXAMPLE + "\nor a reference \"" + REFERENCE_PREFIX + "NAME\"")) {
            return null;
        }
        reader.rejectUnknownKeys(node, pointer, ENDPOINT_KEYS, what);
        List<String> urls = urls(node.get("urls"), pointer, what);
        String type = type(node.get("type"), pointer + "/type", urls);
        AdvanceEndpointConfig advance = node.has("advanceEndpointConfig")
                ? advance(node.get("advanceEndpointConfig"), pointer + "/advanceEndpointConfig") : null;
        BackendSecurity security = node.has("securityConfig")
                ? security(node.get("securityConfig"), pointer + "/securityConfig") : null;
        if (urls == null) {
            return null;
        }
        return new EndpointConfig(name, type, urls, advance, security);
    }

    private List<String> urls(JsonNode node, String endpointPointer, String what) {
        String pointer = endpointPointer + "/urls";
        if (node == null) {
            reader.error(endpointPointer, what + " has no 'urls'", "add:\n  " + URLS_EXAMPLE);
            return null;
        }
        List<String> urls = reader.stringList(node, pointer, "urls", node.isTextual()
                ? "write it as a list:\n  urls:\n    - " + node.asText() : "write:\n  " + URLS_EXAMPLE);
        if (urls == null) {
            return null;
        }
        if (urls.isEmpty()) {
            reader.error(pointer, "urls must list at least one URL", "add:\n  " + URLS_EXAMPLE);
            return null;
        }
        boolean ok = true;
        for (int i = 0; i < urls.size(); i++) {
            String problem = urlProblem(urls.get(i));
            if (problem != null) {
                reader.error(YamlDocument.child(pointer, i), "endpoint URL '" + urls.get(i) + "' " + problem,
                        "write an absolute URL such as https://backend.example.com/v1");
                ok = false;
            }
        }
        return ok ? urls : null;
    }

    static String urlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + e.getReason() + ")";
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return "must start with http:// or https://";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "has no host";
        }
        if (uri.getFragment() != null) {
            return "must not have a #fragment";
        }
        return null;
    }

    private String type(JsonNode node, String pointer, List<String> urls) {
        if (node == null) {
            // WSO2's behaviour: several URLs without a type are load balanced.
            return urls != null && urls.size() > 1 ? EndpointConfig.LOAD_BALANCE : EndpointConfig.HTTP;
        }
        String type = reader.string(node, pointer, "endpoint type", "one of " + String.join(", ", TYPES.stream().sorted().toList()));
        if (type == null) {
            return null;
        }
        if (!TYPES.contains(type)) {
            reader.error(pointer, "unknown endpoint type '" + type + "'", Suggestions.hint(type, TYPES));
            return null;
        }
        if (type.equals(EndpointConfig.HTTP) && urls != null && urls.size() > 1) {
            reader.warning(pointer, "type http uses only the first of " + urls.size() + " URLs",
                    "use type load_balance or failover to use them all");
        }
        return type;
    }

    private AdvanceEndpointConfig advance(JsonNode node, String pointer) {
        if (!reader.isObject(node, pointer, "advanceEndpointConfig", "give it timeoutInMillis, retryConfig or circuitBreaker")) {
            return null;
        }
        reader.rejectUnknownKeys(node, pointer, ADVANCE_KEYS, "advanceEndpointConfig");
        Long timeout = node.has("timeoutInMillis")
                ? reader.nonNegativeLong(node.get("timeoutInMillis"), pointer + "/timeoutInMillis", "timeoutInMillis") : null;
        return new AdvanceEndpointConfig(timeout,
                node.has("retryConfig") ? retry(node.get("retryConfig"), pointer + "/retryConfig") : null,
                node.has("circuitBreaker") ? breaker(node.get("circuitBreaker"), pointer + "/circuitBreaker") : null);
    }

    private RetryConfig retry(JsonNode node, String pointer) {
        if (!reader.isObject(node, pointer, "retryConfig", "give it count, intervalInMillis, backOffFactor, maxIntervalInMillis, statusCodes")) {
            return null;
        }
        reader.rejectUnknownKeys(node, pointer, RETRY_KEYS, "retryConfig");
        return new RetryConfig(
                node.has("count") ? reader.nonNegativeInt(node.get("count"), pointer + "/count", "count") : null,
                optionalLong(node, pointer, "intervalInMillis"),
                node.has("backOffFactor") ? reader.nonNegativeNumber(node.get("backOffFactor"), pointer + "/backOffFactor", "backOffFactor") : null,
                optionalLong(node, pointer, "maxIntervalInMillis"),
                node.has("statusCodes") ? reader.statusCodes(node.get("statusCodes"), pointer + "/statusCodes", "statusCodes") : null);
    }

    private CircuitBreakerConfig breaker(JsonNode node, String pointer) {
        if (!reader.isObject(node, pointer, "circuitBreaker", "give it rollingWindow, failureThreshold, resetTimeInMillis, statusCodes")) {
            return null;
        }
        reader.rejectUnknownKeys(node, pointer, BREAKER_KEYS, "circuitBreaker");
        Double threshold = null;
        if (node.has("failureThreshold")) {
            threshold = reader.nonNegativeNumber(node.get("failureThreshold"), pointer + "/failureThreshold", "failureThreshold");
            FailureThreshold.Problem problem = threshold == null ? null : FailureThreshold.check(threshold);
            if (problem != null) {
                reader.error(pointer + "/failureThreshold", problem.message(), problem.hint());
                threshold = null;
            }
        }
        return new CircuitBreakerConfig(
                node.has("rollingWindow") ? window(node.get("rollingWindow"), pointer + "/rollingWindow") : null,
                threshold,
                optionalLong(node, pointer, "resetTimeInMillis"),
                node.has("statusCodes") ? reader.statusCodes(node.get("statusCodes"), pointer + "/statusCodes", "statusCodes") : null);
    }

    private RollingWindow window(JsonNode node, String pointer) {
        if (!reader.isObject(node, pointer, "rollingWindow", "give it requestVolumeThreshold, timeWindowInMillis, bucketSizeInMillis")) {
            return null;
        }
        reader.rejectUnknownKeys(node, pointer, WINDOW_KEYS, "rollingWindow");
        return new RollingWindow(
                node.has("requestVolumeThreshold")
                        ? reader.nonNegativeInt(node.get("requestVolumeThreshold"), pointer + "/requestVolumeThreshold", "requestVolumeThreshold") : null,
                optionalLong(node, pointer, "timeWindowInMillis"),
                optionalLong(node, pointer, "bucketSizeInMillis"));
    }

    private BackendSecurity security(JsonNode node, String pointer) {
        if (!reader.isObject(node, pointer, "securityConfig", "write:\n  securityConfig:\n    type: basic\n    username: NAME")) {
            return null;
        }
        reader.rejectUnknownKeys(node, pointer, SECURITY_KEYS, "securityConfig");
        String type = "basic";
        if (node.has("type")) {
            type = reader.string(node.get("type"), pointer + "/type", "securityConfig type", "type: basic");
            if (type != null && !type.equalsIgnoreCase("basic")) {
                reader.error(pointer + "/type", "unsupported backend security type '" + type + "'", "only 'basic' is supported");
                type = null;
            }
            type = type == null ? null : type.toLowerCase(Locale.ROOT);
        }
        String username = null;
        if (node.has("username")) {
            username = reader.string(node.get("username"), pointer + "/username", "username", null);
        } else {
            reader.error(pointer, "securityConfig has no username", "add 'username: NAME'");
        }
        if (node.has("password")) {
            // Secrets never go into an artifact: it is copied around and its digests are public.
            reader.warning(pointer + "/password", "the backend password is ignored and not put into the artifact",
                    "the gateway reads it from its environment or a file at deploy time");
        }
        return type == null || username == null ? null : new BackendSecurity(type, username);
    }

    private Long optionalLong(JsonNode node, String pointer, String key) {
        return node.has(key) ? reader.nonNegativeLong(node.get(key), pointer + "/" + key, key) : null;
    }
}
