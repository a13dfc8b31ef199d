package io.outpost.toolkit.project;

/** The file and folder names of contract 1 (the project layout), in one place. */
public final class ProjectFiles {
    public static final String PROJECT_FILE = "outpost.yaml";
    public static final String POLICIES_FILE = "policies.yaml";
    public static final String APIS_DIR = "apis";
    public static final String GRPC_DIR = "grpc";
    public static final String INTERCEPTORS_DIR = "interceptors";
    public static final String TARGET_DIR = "target";

    /** Project names end up in file names and artifact names: keep them portable. */
    public static final String NAME_PATTERN = "[A-Za-z0-9._-]+";
    public static final String VERSION_PATTERN = "[A-Za-z0-9._+-]+";

    private ProjectFiles() {}

    public static boolean isApiFile(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        return !fileName.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"));
    }
}
