package io.outpost.gateway.endpoint;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A parsed endpoint URL. The upstream request target is the endpoint's own path followed by the
 * routed path (relative to the API base path), then the endpoint's query followed by the client's.
 * {@code authority} is the Host header value for the backend.
 */
public record BackendTarget(String url, boolean tls, String host, int port, String basePath, String query,
                            String authority) {

    public static BackendTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid endpoint URL " + url + ": " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint URL must be absolute http(s) with a host: " + url);
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String bracketed = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = (tls && port == 443) || (!tls && port == 80);
        return new BackendTarget(url, tls, host, port, path, uri.getRawQuery(), defaultPort ? bracketed : bracketed + ":" + port);
    }

    /** The request target sent upstream for a routed path (starting with '/') and client query. */
    public String requestTarget(String routedPath, String clientQuery) {
        StringBuilder sb = new StringBuilder(basePath.length() + routedPath.length() + 32);
        sb.append(basePath).append(routedPath);
        boolean hasEndpointQuery = query != null && !query.isEmpty();
        boolean hasClientQuery = clientQuery != null && !clientQuery.isEmpty();
        if (hasEndpointQuery || hasClientQuery) {
            sb.append('?');
            if (hasEndpointQuery) {
                sb.append(query);
            }
            if (hasEndpointQuery && hasClientQuery) {
                sb.append('&');
            }
            if (hasClientQuery) {
                sb.append(clientQuery);
            }
        }
        return sb.toString();
    }
}
