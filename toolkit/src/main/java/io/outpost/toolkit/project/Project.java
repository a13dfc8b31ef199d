package io.outpost.toolkit.project;

import io.outpost.common.model.ProjectInfo;
import io.outpost.common.model.ThrottlePolicies;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * A project's files as read from disk, before its APIs are compiled.
 *
 * @param info         from {@code outpost.yaml}; null when that file is missing or invalid
 * @param policies     from {@code policies.yaml}; empty when absent
 * @param apis         {@code apis/*.yaml|yml|json}, sorted by file name
 * @param interceptors {@code interceptors/*.jar} by file name
 * @param protos       {@code grpc/*.proto} by file name
 */
public record Project(Path dir, ProjectInfo info, ThrottlePolicies policies, List<ApiSource> apis,
                      SortedMap<String, byte[]> interceptors, SortedMap<String, byte[]> protos) {
}
