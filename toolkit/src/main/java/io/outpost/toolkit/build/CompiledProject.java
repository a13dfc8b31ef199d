package io.outpost.toolkit.build;

import io.outpost.common.model.ProjectInfo;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.toolkit.openapi.CompiledApi;
import java.util.List;
import java.util.SortedMap;

/** A project whose every file was read and checked; only meaningful when there were no errors. */
public record CompiledProject(ProjectInfo info, ThrottlePolicies policies, List<CompiledApi> apis,
                              SortedMap<String, byte[]> interceptors, SortedMap<String, byte[]> protos) {
}
