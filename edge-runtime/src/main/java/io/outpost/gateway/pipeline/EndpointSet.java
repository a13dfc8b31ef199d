package io.outpost.gateway.pipeline;

/** A route's two endpoint sets, as in WSO2: the key type of the caller's credentials chooses. */
public enum EndpointSet {
    PRODUCTION,
    SANDBOX
}
