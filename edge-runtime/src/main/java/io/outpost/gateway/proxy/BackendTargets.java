package io.outpost.gateway.proxy;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every endpoint URL of an artifact, parsed once when it is loaded: a bad URL stops the start
 * instead of failing a request, and the request path only looks the parsed form up.
 */
public final class BackendTargets {
    private final Map<String, BackendTarget> byUrl;

    private BackendTargets(Map<String, BackendTarget> byUrl) {
        this.byUrl = byUrl;
    }

    /** @throws IllegalArgumentException naming the API whose endpoint URL is unusable */
    public static BackendTargets of(Iterable<ApiDefinition> apis) {
        Map<String, BackendTarget> byUrl = new HashMap<>();
        for (ApiDefinition api : apis) {
            Stream<EndpointConfig> endpoints = Stream.concat(Stream.of(api.production(), api.sandbox()),
                    api.resources().stream().flatMap((Resource r) -> Stream.of(r.production(), r.sandbox())));
            endpoints.filter(e -> e != null).flatMap(e -> e.urls().stream()).forEach(url -> {
                try {
                    byUrl.computeIfAbsent(url, BackendTarget::parse);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("API '" + api.name() + "': " + e.getMessage(), e);
                }
            });
        }
        return new BackendTargets(Map.copyOf(byUrl));
    }

    public BackendTarget get(String url) {
        BackendTarget target = byUrl.get(url);
        if (target == null) {
            throw new IllegalStateException("endpoint URL not in the loaded artifact: " + url);
        }
        return target;
    }
}
