package io.outpost.gateway.security.basic;

import io.outpost.common.credentials.ApiKeyHash;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.CredentialCheck;
import java.util.HashMap;
import java.util.Map;

/**
 * Static API keys, answered on the event loop: the key id in the key finds its one entry, and one
 * salted SHA-256 (about a microsecond) checks it, compared in constant time. A key not shaped as
 * ours, with an unknown id or a wrong secret is invalid (401 / 900901, as a bad JWT API key); a
 * good key used for an API outside its {@code apis} is refused as WSO2 refused a key whose
 * subscriptions do not include the API (403 / 900908). That the id exists may show in the time
 * taken; the id is not a secret, the 256-bit part after it is.
 */
final class StaticApiKeyCheck implements CredentialCheck {
    private static final Check INVALID = new Check.Refused(Faults.invalidCredentials());
    private static final Check NOT_ALLOWED = new Check.Refused(Faults.notSubscribed());

    private record Entry(StaticApiKey key, Check accepted) {}

    private final Map<String, Entry> byKeyId = new HashMap<>();

    StaticApiKeyCheck(Map<String, StaticApiKey> keys) {
        keys.forEach((id, key) -> byKeyId.put(id, new Entry(key, new Check.Accepted(key.identity()))));
    }

    @Override
    public Check check(String credential, ApiRef api) {
        String id = ApiKeyHash.keyIdOf(credential);
        Entry entry = id == null ? null : byKeyId.get(id);
        if (entry == null || !entry.key().hash().matches(credential)) {
            return INVALID;
        }
        return entry.key().allows(api) ? entry.accepted() : NOT_ALLOWED;
    }
}
