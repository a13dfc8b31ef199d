package io.outpost.toolkit.build;

import io.outpost.common.artifact.ArtifactWriter;
import io.outpost.common.artifact.Artifacts;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.toolkit.openapi.CompiledApi;
import io.outpost.toolkit.project.ProjectFiles;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Contract 2: turns a compiled project into the entries of the artifact and signs them. Every
 * map is sorted and nothing depends on the clock, the locale or where the project lives, so the
 * same project and key always give the same bytes.
 */
public final class ArtifactBuilder {
    public static final String GRPC_DIR = ProjectFiles.GRPC_DIR + "/";

    private ArtifactBuilder() {}

    public static SortedMap<String, byte[]> entries(CompiledProject project) {
        SortedMap<String, byte[]> entries = new TreeMap<>();
        entries.put(Artifacts.PROJECT, Json.bytes(project.info()));
        entries.put(Artifacts.POLICIES, Json.bytes(project.policies()));
        for (CompiledApi api : project.apis()) {
            entries.put(Artifacts.APIS_DIR + api.source().stem() + ".json", Json.bytes(api.api()));
        }
        for (Map.Entry<String, byte[]> jar : project.interceptors().entrySet()) {
            entries.put(Artifacts.INTERCEPTORS_DIR + jar.getKey(), jar.getValue());
        }
        for (Map.Entry<String, byte[]> proto : project.protos().entrySet()) {
            entries.put(GRPC_DIR + proto.getKey(), proto.getValue());
        }
        return entries;
    }

    public static byte[] build(CompiledProject project, Ed25519Key key) {
        return ArtifactWriter.write(entries(project), key);
    }

    /** {@code <name>-<version>.outpost}. */
    public static String defaultFileName(CompiledProject project) {
        return project.info().name() + "-" + project.info().version() + Artifacts.FILE_EXTENSION;
    }
}
