package io.outpost.common.model;

/**
 * Identity of a built artifact ({@code project.json}).
 *
 * @param name          project name from {@code outpost.yaml}
 * @param version       project version from {@code outpost.yaml}
 * @param formatVersion artifact format version, {@link #FORMAT_VERSION}
 */
public record ProjectInfo(String name, String version, int formatVersion) {
    public static final int FORMAT_VERSION = 1;
}
