package io.outpost.gateway.security.basic;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.credentials.Argon2idHash;
import io.outpost.common.yaml.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code security.basic} and {@code security.apiKeys.static} in gateway.yaml: the users of basic
 * authentication with their password hashes, the static API keys with their salted hashes, and how
 * password checks run (docs/security.md, "Basic authentication and static API keys").
 *
 * @param cacheSeconds how long a good user:password is answered from memory without hashing again
 *                     (0 = never); a generation's cache goes with it, so a removed user is out at once
 * @param hashThreads  the threads that check passwords, off the event loops
 * @param hashQueue    the checks that may wait for one; more are refused with 503 at once
 * @param warnings     what the gateway should print at start (legacy WSO2 hashes), each with file and line
 */
public record BasicSettings(List<BasicUser> users, Map<String, StaticApiKey> staticKeys, int cacheSeconds, int hashThreads,
                            int hashQueue, List<String> warnings) {
    public static final int DEFAULT_CACHE_SECONDS = 60;
    public static final int DEFAULT_HASH_THREADS = 1;
    public static final int DEFAULT_HASH_QUEUE = 32;
    /** What the password checks may hold at once: half the gateway's 64 MB heap. */
    static final int HASH_MEMORY_BUDGET_KIB = 32 * 1024;

    public static final BasicSettings DEFAULT = new BasicSettings(List.of(), Map.of(), DEFAULT_CACHE_SECONDS,
            DEFAULT_HASH_THREADS, DEFAULT_HASH_QUEUE, List.of());

    public BasicSettings {
        users = List.copyOf(users);
        staticKeys = Map.copyOf(staticKeys);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads both sections (either null when absent), reporting every problem to the reader.
     *
     * @param at            "/security"
     * @param staticApiKeys {@code security.apiKeys.static} (salted hashes of static API keys), or null
     */
    public static BasicSettings read(ConfigReader r, String at, JsonNode node, JsonNode staticApiKeys) {
        List<String> warnings = new ArrayList<>();
        Map<String, StaticApiKey> keys = StaticApiKey.read(r, at + "/apiKeys/static", staticApiKeys);
        if (node == null) {
            return new BasicSettings(List.of(), keys, DEFAULT_CACHE_SECONDS, DEFAULT_HASH_THREADS, DEFAULT_HASH_QUEUE, warnings);
        }
        String here = at + "/basic";
        r.known(here, node, Set.of("users", "cacheSeconds", "hashThreads", "hashQueue"));
        List<BasicUser> users = BasicUser.read(r, here, node, warnings);
        int threads = (int) r.number(here, node, "hashThreads", 1, 4, DEFAULT_HASH_THREADS);
        int largest = users.stream().mapToInt(u -> u.hash().memoryKiB()).max().orElse(0);
        if ((long) threads * largest > HASH_MEMORY_BUDGET_KIB) {
            r.problem(here + "/hashThreads", threads + " threads checking Argon2id hashes of m=" + largest + " KiB would hold "
                    + threads * largest / 1024 + " MiB at once, more than the " + HASH_MEMORY_BUDGET_KIB / 1024
                    + " MiB allowed of the 64 MB heap; use " + Math.max(1, HASH_MEMORY_BUDGET_KIB / largest)
                    + " threads, or hashes of m=" + Argon2idHash.DEFAULT_MEMORY_KIB + " from 'outpost hash-password'");
        }
        return new BasicSettings(users, keys, (int) r.number(here, node, "cacheSeconds", 0, 3600, DEFAULT_CACHE_SECONDS),
                threads, (int) r.number(here, node, "hashQueue", 1, 1024, DEFAULT_HASH_QUEUE), warnings);
    }
}
