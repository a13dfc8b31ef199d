package io.outpost.common.artifact;

/** Entry names inside an artifact, shared by the toolkit (writer) and the gateway (reader). */
public final class Artifacts {
    public static final String PROJECT = "project.json";
    public static final String POLICIES = "policies.json";
    public static final String APIS_DIR = "apis/";
    public static final String INTERCEPTORS_DIR = "interceptors/";
    public static final String FILE_EXTENSION = ".outpost";

    private Artifacts() {}
}
