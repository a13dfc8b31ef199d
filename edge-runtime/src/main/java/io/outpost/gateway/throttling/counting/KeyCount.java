package io.outpost.gateway.throttling.counting;

/** A key's units in one window, as a snapshot keeps them. */
record KeyCount(String key, long window, long used) {}
