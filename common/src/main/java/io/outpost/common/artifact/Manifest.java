package io.outpost.common.artifact;

import java.util.List;

/**
 * {@code manifest.json}: the SHA-256 and size of every other entry of an artifact.
 *
 * @param format  artifact format version
 * @param entries sorted by path
 */
public record Manifest(int format, List<Item> entries) {
    public static final String JSON = "manifest.json";
    public static final String JWS = "manifest.jws";

    public Manifest {
        entries = entries == null ? List.of() : entries;
    }

    public record Item(String path, String sha256, long size) {}
}
