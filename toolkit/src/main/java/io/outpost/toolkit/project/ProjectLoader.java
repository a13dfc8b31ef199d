package io.outpost.toolkit.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ProjectInfo;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.yaml.LocatedYaml;
import io.outpost.common.yaml.SourcePosition;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.common.yaml.YamlException;
import io.outpost.toolkit.validate.Diagnostics;
import io.outpost.toolkit.validate.TreeReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a project directory (contract 1): every problem goes to the diagnostics, nothing throws. */
public final class ProjectLoader {
    private static final Set<String> PROJECT_KEYS = Set.of("name", "version");
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private ProjectLoader() {}

    /**
     * @param dir the project folder; messages name files through it as given (e.g.
     *            {@code myproj/apis/x.yaml}) so that they can be opened from where the command ran
     */
    public static Project load(Path dir, Diagnostics diagnostics) throws IOException {
        String prefix = displayPrefix(dir);
        ProjectInfo info = readProjectFile(dir, prefix, diagnostics);
        ThrottlePolicies policies = readPolicies(dir, prefix, diagnostics);
        List<ApiSource> apis = readApis(dir, prefix, diagnostics);
        SortedMap<String, byte[]> interceptors = readBinaries(dir, prefix, ProjectFiles.INTERCEPTORS_DIR, ".jar", diagnostics);
        for (var jar : interceptors.entrySet()) {
            if (!startsWith(jar.getValue(), ZIP_MAGIC)) {
                diagnostics.error(new SourcePosition(prefix + ProjectFiles.INTERCEPTORS_DIR + "/" + jar.getKey(), 0, 0),
                        "not a jar file (no zip header)", "build the interceptor with 'mvn package' and copy its jar here");
            }
        }
        SortedMap<String, byte[]> protos = readBinaries(dir, prefix, ProjectFiles.GRPC_DIR, ".proto", diagnostics);
        return new Project(dir, info, policies, apis, interceptors, protos);
    }

    static String displayPrefix(Path dir) {
        String shown = dir.normalize().toString().replace('\\', '/');
        return shown.isEmpty() || shown.equals(".") ? "" : shown.endsWith("/") ? shown : shown + "/";
    }

    /** Parses a YAML file of the project, reporting malformed input; null when absent or broken. */
    static YamlDocument parse(Path dir, String prefix, String relativeName, Diagnostics diagnostics) throws IOException {
        Path file = dir.resolve(relativeName);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String text = TextFiles.readUtf8(file);
        if (text == null) {
            diagnostics.error(new SourcePosition(prefix + relativeName, 0, 0), "not valid UTF-8 text", "save the file as UTF-8");
            return null;
        }
        try {
            return LocatedYaml.parse(prefix + relativeName, text);
        } catch (YamlException e) {
            diagnostics.error(e.position(), stripPosition(e), null);
            return null;
        }
    }

    public static String stripPosition(YamlException e) {
        String prefix = e.position() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static ProjectInfo readProjectFile(Path dir, String prefix, Diagnostics diagnostics) throws IOException {
        String fileName = ProjectFiles.PROJECT_FILE;
        if (!Files.isRegularFile(dir.resolve(fileName))) {
            diagnostics.error(new SourcePosition(prefix + fileName, 0, 0), "not an Outpost project: " + fileName + " is missing",
                    "create it with 'outpost init NAME', or write " + fileName + " with 'name:' and 'version:'");
            return null;
        }
        YamlDocument doc = parse(dir, prefix, fileName, diagnostics);
        if (doc == null) {
            return null;
        }
        TreeReader reader = new TreeReader(doc, diagnostics);
        JsonNode root = doc.root();
        if (!reader.isObject(root, "", fileName, "write 'name: my-project' and 'version: 1.0.0'")) {
            return null;
        }
        reader.rejectUnknownKeys(root, "", PROJECT_KEYS, fileName);
        String name = requiredScalar(reader, root, "name", ProjectFiles.NAME_PATTERN, "name: my-project");
        String version = requiredScalar(reader, root, "version", ProjectFiles.VERSION_PATTERN, "version: 1.0.0");
        return name == null || version == null ? null : new ProjectInfo(name, version, ProjectInfo.FORMAT_VERSION);
    }

    private static String requiredScalar(TreeReader reader, JsonNode root, String key, String pattern, String example) {
        String pointer = "/" + key;
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            reader.error("", "'" + key + "' is required in " + ProjectFiles.PROJECT_FILE, "add '" + example + "'");
            return null;
        }
        // An unquoted 1.10 would be read as the number 1.1: only text and whole numbers are unambiguous.
        String text = value.isIntegralNumber() ? value.asText()
                : reader.string(value, pointer, "'" + key + "'", "quote it: " + key + ": \"" + value.asText() + "\"");
        if (text != null && !text.matches(pattern)) {
            reader.error(pointer, "'" + key + "' may only contain letters, digits and " + (pattern.contains("+") ? "'.', '_', '+', '-'" : "'.', '_', '-'")
                    + " (it becomes part of the artifact's file name)", "for example '" + example + "'");
            return null;
        }
        return text;
    }

    private static ThrottlePolicies readPolicies(Path dir, String prefix, Diagnostics diagnostics) throws IOException {
        if (!Files.isRegularFile(dir.resolve(ProjectFiles.POLICIES_FILE))) {
            diagnostics.warning(new SourcePosition(prefix + ProjectFiles.POLICIES_FILE, 0, 0),
                    "no " + ProjectFiles.POLICIES_FILE + ": no throttling tiers are defined",
                    "'outpost init' writes one with the WSO2 default tiers");
            return new ThrottlePolicies(List.of(), List.of(), List.of());
        }
        YamlDocument doc = parse(dir, prefix, ProjectFiles.POLICIES_FILE, diagnostics);
        if (doc == null) {
            return new ThrottlePolicies(List.of(), List.of(), List.of());
        }
        return PoliciesReader.read(new TreeReader(doc, diagnostics));
    }

    private static List<ApiSource> readApis(Path dir, String prefix, Diagnostics diagnostics) throws IOException {
        Path apisDir = dir.resolve(ProjectFiles.APIS_DIR);
        List<ApiSource> apis = new ArrayList<>();
        for (Path file : sortedFiles(apisDir)) {
            String fileName = file.getFileName().toString();
            String display = prefix + ProjectFiles.APIS_DIR + "/" + fileName;
            if (!ProjectFiles.isApiFile(fileName)) {
                if (!fileName.startsWith(".")) {
                    diagnostics.warning(new SourcePosition(display, 0, 0), "ignored: not a .yaml, .yml or .json file", null);
                }
                continue;
            }
            String text = TextFiles.readUtf8(file);
            if (text == null) {
                diagnostics.error(new SourcePosition(display, 0, 0), "not valid UTF-8 text", "save the file as UTF-8");
                continue;
            }
            apis.add(new ApiSource(fileName, display, text));
        }
        if (apis.isEmpty()) {
            diagnostics.warning(new SourcePosition(prefix + ProjectFiles.APIS_DIR, 0, 0), "the project has no API definitions",
                    "add one with 'outpost api add PROJECT FILE'");
        }
        return List.copyOf(apis);
    }

    private static SortedMap<String, byte[]> readBinaries(Path dir, String prefix, String folder, String extension,
                                                          Diagnostics diagnostics) throws IOException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (Path file : sortedFiles(dir.resolve(folder))) {
            String fileName = file.getFileName().toString();
            if (fileName.startsWith(".")) {
                continue;
            }
            if (!fileName.endsWith(extension)) {
                diagnostics.warning(new SourcePosition(prefix + folder + "/" + fileName, 0, 0),
                        "ignored: only " + extension + " files are packaged from " + folder + "/", null);
                continue;
            }
            if (!fileName.matches(ProjectFiles.NAME_PATTERN)) {
                diagnostics.error(new SourcePosition(prefix + folder + "/" + fileName, 0, 0),
                        "file name may only contain letters, digits, '.', '_' and '-'", "rename the file");
                continue;
            }
            out.put(fileName, Files.readAllBytes(file));
        }
        return out;
    }

    /** Regular files of a folder sorted by name, so that every run sees them in the same order. */
    private static List<Path> sortedFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
