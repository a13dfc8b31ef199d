package io.outpost.common.logging;

/** The access log's logger: its own area, so its level (and so the log itself) is apart from every other. */
public final class AccessLogNames {
    public static final String LOGGER = "io.outpost.access";

    private AccessLogNames() {}
}
