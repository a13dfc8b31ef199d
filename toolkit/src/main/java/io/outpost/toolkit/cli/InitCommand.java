package io.outpost.toolkit.cli;

import io.outpost.common.io.AtomicFiles;
import io.outpost.toolkit.project.DefaultPolicies;
import io.outpost.toolkit.project.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Create a new project folder NAME with outpost.yaml, policies.yaml (WSO2 default tiers), "
                + "apis/, grpc/ and interceptors/."})
public final class InitCommand extends ToolkitCommand {
    /** Plain YAML scalars that would not be read back as a string. */
    private static final Set<String> YAML_KEYWORDS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    @Parameters(index = "0", paramLabel = "NAME", description = "project folder to create (a name or a path); its last part names the project")
    Path target;

    @Option(names = {"-a", "--api"}, paramLabel = "FILE", description = "an OpenAPI/Swagger definition to copy into apis/")
    Path api;

    @Override
    protected int run() throws UserException, IOException {
        Path absolute = target.toAbsolutePath().normalize();
        String name = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
        if (!name.matches(ProjectFiles.NAME_PATTERN)) {
            throw new UserException("'" + name + "' is not a valid project name",
                    "use letters, digits, '.', '_' and '-' only (it becomes part of the artifact's file name)", UserException.USAGE);
        }
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new UserException(target + " already exists and is not empty",
                    "choose another NAME, or add definitions to the existing project with 'outpost api add'");
        }
        // Check the definition before creating anything, so a refusal leaves no half-made project.
        byte[] definition = api == null ? null : ApiFiles.checkReadable(api, this);

        Files.createDirectories(target);
        for (String dir : new String[] {ProjectFiles.APIS_DIR, ProjectFiles.GRPC_DIR, ProjectFiles.INTERCEPTORS_DIR}) {
            Files.createDirectories(target.resolve(dir));
        }
        String projectYaml = "# Outpost project: 'outpost validate .' checks it, 'outpost build .' compiles it into\n"
                + "# target/<name>-<version>.outpost.\n"
                + "name: " + yamlScalar(name) + "\n"
                + "version: 1.0.0\n";
        AtomicFiles.write(target.resolve(ProjectFiles.PROJECT_FILE), projectYaml.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(target.resolve(ProjectFiles.POLICIES_FILE), DefaultPolicies.yaml());
        if (api != null) {
            AtomicFiles.write(target.resolve(ProjectFiles.APIS_DIR).resolve(api.getFileName()),
                    definition);
        }
        out().println("created project '" + name + "' in " + target);
        if (api == null) {
            out().println("next: outpost api add " + target + " FILE   (an OpenAPI or Swagger definition)");
        }
        out().println("then: outpost build " + target);
        out().println("serve it: outpost gateway --config gateway.yaml; every key of gateway.yaml and sync.yaml with its"
                + " default and why: " + example("gateway/gateway.yaml") + ", " + example("sync/sync.yaml"));
        return 0;
    }

    /** An example beside the launcher that ran us (a checkout's examples/), else its path in the sources. */
    private static String example(String name) {
        String launcher = System.getenv("OUTPOST_LAUNCHER");
        if (launcher != null) {
            Path beside = Path.of(launcher).toAbsolutePath().getParent().resolve("examples").resolve(name);
            if (Files.isRegularFile(beside)) {
                return beside.toString();
            }
        }
        return "examples/" + name;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Quotes names such as "123", "1.0" or "yes" that YAML would otherwise not read as text. */
    private static String yamlScalar(String name) {
        boolean plain = name.matches("[A-Za-z_][A-Za-z0-9._-]*") && !YAML_KEYWORDS.contains(name.toLowerCase(Locale.ROOT));
        return plain ? name : "\"" + name + "\"";
    }
}
