package io.outpost.gateway.throttling;

/** What one request counts against at one level: the tier's limits and the request's key in them. */
record Charge(ThrottleLevel level, Limits limits, String key) {}
