package io.outpost.toolkit.cli;

import io.outpost.common.io.AtomicFiles;
import io.outpost.toolkit.project.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Check an OpenAPI/Swagger definition and copy it into PROJECT/apis/.")
public final class ApiAddCommand extends ToolkitCommand {
    @Parameters(index = "0", paramLabel = "PROJECT", description = "the project folder")
    Path project;

    @Parameters(index = "1", paramLabel = "FILE", description = "OpenAPI 3.x or Swagger 2.0 definition (.yaml, .yml or .json)")
    Path file;

    @Option(names = "--force", description = "replace a definition of the same file name")
    boolean force;

    @Override
    protected int run() throws UserException, IOException {
        projectDir(project);
        if (!Files.isRegularFile(project.resolve(ProjectFiles.PROJECT_FILE))) {
            throw new UserException(project + " is not an Outpost project (no " + ProjectFiles.PROJECT_FILE + ")",
                    "create one with 'outpost init NAME'");
        }
        byte[] content = ApiFiles.checkReadable(file, this);
        Path destination = project.resolve(ProjectFiles.APIS_DIR).resolve(file.getFileName());
        if (Files.exists(destination) && !force) {
            throw new UserException(destination + " already exists", "use --force to replace it");
        }
        AtomicFiles.write(destination, content);
        out().println("added " + ProjectFiles.APIS_DIR + "/" + file.getFileName() + " to " + project);
        out().println("next: outpost validate " + project + "   (checks it against the project's policies and other APIs)");
        return 0;
    }
}
