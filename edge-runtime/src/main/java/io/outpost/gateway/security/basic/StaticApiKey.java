package io.outpost.gateway.security.basic;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.common.credentials.CredentialFormatException;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.ApiRef;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One static API key ({@code security.apiKeys.static[]}), stored only as its salted hash.
 *
 * @param apis     the APIs it may call as "Name:Version"; empty = every API
 * @param identity what the key yields: its name as subject, {@code application} (default: the
 *                 name) as application id and name, the two tiers, the key type, no scopes
 */
public record StaticApiKey(String name, ApiKeyHash hash, Set<String> apis, Identity identity) {
    /** WSO2's built-in tier that no policy limits. */
    static final String UNLIMITED = "Unlimited";

    public enum KeyType { PRODUCTION, SANDBOX }

    public boolean allows(ApiRef api) {
        return apis.isEmpty() || apis.contains(api.name() + ":" + api.version());
    }

    /** Reads {@code security.apiKeys.static}, keyed by key id. */
    static Map<String, StaticApiKey> read(ConfigReader r, String at, JsonNode list) {
        if (list == null || list.isNull()) {
            return Map.of();
        }
        if (!list.isArray()) {
            r.problem(at, "must be a list of keys, e.g. [{name: kiosk-7, hash: 'sha256:...', apis: ['PizzaShack:1.0.0']}]");
            return Map.of();
        }
        Map<String, StaticApiKey> keys = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String item = at + "/" + i;
            JsonNode key = list.get(i);
            if (!key.isObject()) {
                r.problem(item, "must be a mapping with name, hash and optionally apis, keyType, application, tier, applicationTier");
                continue;
            }
            r.known(item, key, Set.of("name", "hash", "apis", "keyType", "application", "tier", "applicationTier"));
            String name = r.text(item, key, "name", null);
            if (name == null || name.isBlank()) {
                r.problem(item + "/name", "must name the key (it becomes the subject of its requests)");
                continue;
            }
            if (!names.add(name)) {
                r.problem(item + "/name", "key '" + name + "' is listed twice; give each key its own name");
            }
            ApiKeyHash hash = hash(r, item, key, name);
            Set<String> apis = apis(r, item, key);
            KeyType type = r.choice(item, key, "keyType", KeyType.class, KeyType.PRODUCTION);
            String application = r.text(item, key, "application", name);
            Identity identity = new Identity(name, application, application, r.text(item, key, "applicationTier", UNLIMITED),
                    r.text(item, key, "tier", UNLIMITED), type.name(), List.of(), Map.of());
            if (hash != null && keys.putIfAbsent(hash.keyId(), new StaticApiKey(name, hash, apis, identity)) != null) {
                r.problem(item + "/hash", "key '" + name + "' has the key id " + hash.keyId() + " of key '"
                        + keys.get(hash.keyId()).name() + "'; the same key is listed twice, keep one entry");
            }
        }
        return Map.copyOf(keys);
    }

    private static ApiKeyHash hash(ConfigReader r, String item, JsonNode key, String name) {
        String encoded = r.text(item, key, "hash", null);
        if (encoded == null) {
            r.problem(item, "key '" + name + "' needs a hash: the line 'outpost hash-password --api-key' prints");
            return null;
        }
        try {
            return ApiKeyHash.parse(encoded);
        } catch (CredentialFormatException e) {
            r.problem(item + "/hash", "the hash of key '" + name + "' " + e.getMessage());
            return null;
        }
    }

    private static Set<String> apis(ConfigReader r, String item, JsonNode key) {
        List<String> apis = Lists.strings(r, item, key, "apis", "APIs as Name:Version, e.g. ['PizzaShack:1.0.0']");
        for (int i = 0; i < apis.size(); i++) {
            String api = apis.get(i);
            int colon = api.lastIndexOf(':');
            if (colon <= 0 || colon == api.length() - 1) {
                r.problem(item + "/apis/" + i, "must be an API as Name:Version, e.g. PizzaShack:1.0.0 (got '" + api + "')");
            }
        }
        return Set.copyOf(apis);
    }
}
