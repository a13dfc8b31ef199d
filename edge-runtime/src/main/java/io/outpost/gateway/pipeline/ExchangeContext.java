package io.outpost.gateway.pipeline;

import io.netty.handler.codec.http.HttpRequest;
import io.outpost.gateway.routing.RequestPath;
import io.outpost.gateway.routing.Route;
import io.outpost.journal.ExchangeRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSession;

/**
 * What the stages of one exchange read and add to: the request head, the normalized path, the
 * client's address and scheme, the route with its path parameters, the identity a security stage
 * found (recorded in the exchange's journal record), the endpoint set it chose, and attributes one
 * stage leaves for a later one. Made for exchanges that reach a route;
 * lives on the exchange's event loop (not thread-safe: a pending stage's other thread answers
 * with a verdict, it does not write here).
 */
public final class ExchangeContext {
    private final HttpRequest request;
    private final RequestPath path;
    private final String clientAddress;
    private final String scheme;
    private final Route route;
    private final Map<String, String> pathParameters;
    private final SSLSession tlsSession;
    private String upstreamQuery;
    private List<String> responseHeaders;
    private Identity identity;
    private EndpointSet endpoints = EndpointSet.PRODUCTION;
    private Map<String, Object> attributes;
    private ByteMeter meter;
    private final ExchangeRecord.Builder record = ExchangeRecord.builder();

    public ExchangeContext(HttpRequest request, RequestPath path, String clientAddress, String scheme, Route route,
                           Map<String, String> pathParameters) {
        this(request, path, clientAddress, scheme, route, pathParameters, null);
    }

    /** @param tlsSession the client connection's TLS session, or null over plain HTTP */
    public ExchangeContext(HttpRequest request, RequestPath path, String clientAddress, String scheme, Route route,
                           Map<String, String> pathParameters, SSLSession tlsSession) {
        this.request = request;
        this.path = path;
        this.clientAddress = clientAddress;
        this.scheme = scheme;
        this.route = route;
        this.pathParameters = pathParameters;
        this.tlsSession = tlsSession;
        this.upstreamQuery = path.rawQuery();
    }

    public HttpRequest request() {
        return request;
    }

    public RequestPath path() {
        return path;
    }

    /** The one client address every consumer uses (throttling keys, the journal, logs). */
    public String clientAddress() {
        return clientAddress;
    }

    /** {@code http} or {@code https}: the listener the request came in on. */
    public String scheme() {
        return scheme;
    }

    /** The client connection's TLS session (its peer certificates for mutual TLS), or null over plain HTTP. */
    public SSLSession tlsSession() {
        return tlsSession;
    }

    /**
     * The raw query the backend receives (without '?'), or null for none: the client's, unless a
     * stage took a parameter out (an API key sent in the query).
     */
    public String upstreamQuery() {
        return upstreamQuery;
    }

    public void upstreamQuery(String rawQuery) {
        this.upstreamQuery = rawQuery;
    }

    /**
     * Adds a field to whatever the client receives for this exchange: the backend's response, or
     * the gateway's own answer (CORS fields must be on a 401 too, or the browser hides it).
     */
    public void addResponseHeader(String name, String value) {
        if (responseHeaders == null) {
            responseHeaders = new ArrayList<>(8);
        }
        responseHeaders.add(name);
        responseHeaders.add(value);
    }

    /** The added response fields as name, value, name, value …; empty when none. */
    public List<String> responseHeaders() {
        return responseHeaders == null ? List.of() : responseHeaders;
    }

    public Route route() {
        return route;
    }

    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /** The identity a security stage found, or null (open route, or not authenticated yet). */
    public Identity identity() {
        return identity;
    }

    public void identity(Identity found) {
        this.identity = found;
    }

    /** Which of the route's endpoints the request goes to: production unless a stage chose sandbox (the key type). */
    public EndpointSet endpoints() {
        return endpoints;
    }

    public void endpoints(EndpointSet chosen) {
        this.endpoints = chosen;
    }

    /**
     * The exchange's journal record, for stages to add what they decided (throttle level and tier,
     * auth outcome); the exchange fills in the rest when it ends.
     */
    public ExchangeRecord.Builder record() {
        return record;
    }

    /**
     * Asks to be told of the exchange's body bytes (request and response) as they stream, from the
     * moment the request is proxied; bytes of a body held or read before then are told at once.
     */
    public void meterBytes(ByteMeter added) {
        this.meter = ByteMeter.both(meter, added);
    }

    /** The meter stages set, or null. */
    public ByteMeter meter() {
        return meter;
    }

    @SuppressWarnings("unchecked")
    public <T> T attribute(String name) {
        return attributes == null ? null : (T) attributes.get(name);
    }

    public void attribute(String name, Object value) {
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        attributes.put(name, value);
    }
}
