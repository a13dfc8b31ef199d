package io.outpost.gateway.routing;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the route for a normalized path and method: the API with the longest base path that is a
 * segment-wise prefix, then the most specific path template of that API, then the method. As in
 * OpenAPI, a concrete path is chosen before a templated one and the method is looked up only in
 * the chosen path (another method there gives 405, not a fall-through to a looser template).
 */
public final class RouteTable {

    /** The outcome of a lookup. */
    public sealed interface Lookup permits NoApi, NoResource, MethodNotAllowed, Found {}

    public record NoApi() implements Lookup {}

    public record NoResource(ApiDefinition api) implements Lookup {}

    public record MethodNotAllowed(ApiDefinition api, List<String> allowed) implements Lookup {}

    /** @param baseSegments how many leading path segments belong to the API's base path */
    public record Found(Route route, Map<String, String> pathParameters, int baseSegments) implements Lookup {}

    private record PathItem(PathTemplate template, Map<String, Route> byMethod) {}

    private record ApiEntry(ApiDefinition api, List<String> baseSegments, List<PathItem> items) {}

    private final List<ApiEntry> apis;
    private final List<Route> routes;

    private RouteTable(List<ApiEntry> apis, List<Route> routes) {
        this.apis = apis;
        this.routes = routes;
    }

    /** Every route, each at the position its {@link Route#id()} names. */
    public List<Route> routes() {
        return routes;
    }

    public static RouteTable of(List<ApiDefinition> definitions) {
        List<ApiEntry> entries = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (ApiDefinition api : definitions) {
            Map<String, Map<String, Route>> byPath = new LinkedHashMap<>();
            for (Resource r : api.resources()) {
                Route route = Route.of(api, r, routes.size());
                routes.add(route);
                byPath.computeIfAbsent(r.path(), p -> new LinkedHashMap<>())
                        .put(r.method().toUpperCase(java.util.Locale.ROOT), route);
            }
            List<PathItem> items = new ArrayList<>();
            byPath.forEach((path, methods) -> items.add(new PathItem(new PathTemplate(path), Map.copyOf(methods))));
            entries.add(new ApiEntry(api, segments(api.basePath()), List.copyOf(items)));
        }
        entries.sort(Comparator.comparingInt((ApiEntry e) -> e.baseSegments.size()).reversed());
        return new RouteTable(List.copyOf(entries), List.copyOf(routes));
    }

    public Lookup find(String method, RequestPath path) {
        return find(method, path, null);
    }

    /**
     * @param preflightMethod for a CORS preflight ({@code OPTIONS} with an Origin), the method it
     *                        announces ({@code Access-Control-Request-Method}), else null: an API
     *                        with {@code x-wso2-cors} routes the preflight as the request it announces,
     *                        so that route's CORS stage answers it (WSO2 answered preflights for
     *                        every resource of such an API, before authentication)
     */
    public Lookup find(String method, RequestPath path, String preflightMethod) {
        List<String> segments = path.segments();
        for (int a = 0; a < apis.size(); a++) { // indexed: no iterator per lookup
            ApiEntry entry = apis.get(a);
            if (!isPrefix(entry.baseSegments, segments)) {
                continue;
            }
            List<String> rest = segments.subList(entry.baseSegments.size(), segments.size());
            PathItem best = null;
            Map<String, String> bestParams = null;
            for (int i = 0; i < entry.items.size(); i++) {
                PathItem item = entry.items.get(i);
                Map<String, String> params = item.template.match(rest);
                if (params != null && (best == null || item.template.compareSpecificity(best.template) > 0)) {
                    best = item;
                    bestParams = params;
                }
            }
            if (best == null) {
                return new NoResource(entry.api);
            }
            Route route = best.byMethod.get(method);
            if (route == null && method.equals("HEAD")) {
                route = best.byMethod.get("GET");
            }
            if (route == null && preflightMethod != null && method.equals("OPTIONS") && corsEnabled(entry.api)) {
                route = best.byMethod.get(preflightMethod.equals("HEAD") ? "GET" : preflightMethod);
            }
            if (route == null) {
                TreeSet<String> allowed = new TreeSet<>(best.byMethod.keySet());
                if (allowed.contains("GET")) {
                    allowed.add("HEAD");
                }
                return new MethodNotAllowed(entry.api, List.copyOf(allowed));
            }
            return new Found(route, Map.copyOf(bestParams), entry.baseSegments.size());
        }
        return new NoApi();
    }

    private static boolean corsEnabled(ApiDefinition api) {
        return api.cors() != null && !Boolean.FALSE.equals(api.cors().enabled());
    }

    private static boolean isPrefix(List<String> prefix, List<String> segments) {
        if (prefix.size() > segments.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!prefix.get(i).equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> segments(String basePath) {
        List<String> out = new ArrayList<>();
        for (String s : basePath.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
