package io.outpost.toolkit.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The WSO2 default throttling tiers that {@code outpost init} writes as {@code policies.yaml}. */
public final class DefaultPolicies {
    private static final String RESOURCE = "policies-default.yaml";

    private DefaultPolicies() {}

    public static byte[] yaml() {
        try (InputStream in = DefaultPolicies.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the toolkit jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
