package io.outpost.common.bundle.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Blocking conditions, WSO2's four kinds (docs/throttling.md, "Blocking conditions"): a request
 * from one of these addresses, by one of these applications or users, or to one of these APIs is
 * refused (403 / 900805) before any quota is counted. The content of a {@code blocking} bundle,
 * and what gateway.yaml's {@code throttling.blocking} holds; the gateway blocks on both together.
 *
 * @param ips          addresses, CIDR networks and ranges (IPv4 and IPv6)
 * @param applications application ids ({@code application.id} of a WSO2 token), or WSO2's
 *                     {@code owner:name} of an application
 * @param users        subjects ({@code sub}) as the credential names them
 * @param apis         an API's context ({@code /petstore/v1}, its base path, as WSO2's API
 *                     condition names it) or its {@code Name:Version}
 */
public record Blocking(List<IpRange> ips, List<String> applications, List<String> users, List<String> apis) {
    public static final Blocking NONE = new Blocking(List.of(), List.of(), List.of(), List.of());
    /** The keys of the content and of gateway.yaml's section alike. */
    public static final Set<String> FIELDS = Set.of("ips", "applications", "users", "apis");

    public Blocking {
        ips = List.copyOf(ips);
        applications = List.copyOf(applications);
        users = List.copyOf(users);
        apis = List.copyOf(apis);
    }

    public boolean isEmpty() {
        return ips.isEmpty() && applications.isEmpty() && users.isEmpty() && apis.isEmpty();
    }

    /** Both lists together: a bundle adds to gateway.yaml's conditions, it never takes one away. */
    public Blocking plus(Blocking more) {
        return more.isEmpty() ? this : isEmpty() ? more : new Blocking(union(ips, more.ips), union(applications, more.applications),
                union(users, more.users), union(apis, more.apis));
    }

    /** A list of strings, each read by {@code read}, whose IllegalArgumentException is the problem of that item. */
    private static <T> List<T> each(ContentReader r, JsonNode content, String key, Function<String, T> read) {
        JsonNode list = r.array("", content, key, false);
        List<T> out = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                r.problem(ContentReader.item(key, i), "must be a non-empty string (got " + ContentReader.kind(item) + ")");
                continue;
            }
            try {
                out.add(read.apply(item.asText()));
            } catch (IllegalArgumentException e) {
                r.problem(ContentReader.item(key, i), e.getMessage());
            }
        }
        return out;
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * An API as the condition names it: its context with a trailing '/' dropped, or its
     * {@code Name:Version} as given.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static String api(String text) {
        String t = text.strip();
        if (t.startsWith("/")) {
            return t.length() > 1 && t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + t + "' must be an API's context, e.g. /petstore/v1 (its base path), "
                    + "or its Name:Version, e.g. PetStore:1.0.0");
        }
        return t;
    }

    /** The content: an object of four optional lists of strings. */
    public static Blocking parse(JsonNode content) {
        ContentReader r = new ContentReader(BundleContents.BLOCKING);
        if (!r.isObject("", content)) {
            r.failIfProblems();
        }
        r.known("", content, FIELDS);
        Blocking blocking = new Blocking(each(r, content, "ips", IpRange::parse), each(r, content, "applications", t -> t),
                each(r, content, "users", t -> t), each(r, content, "apis", Blocking::api));
        r.failIfProblems();
        return blocking;
    }
}
