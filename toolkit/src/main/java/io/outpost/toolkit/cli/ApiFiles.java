package io.outpost.toolkit.cli;

import io.outpost.toolkit.openapi.DefinitionParser;
import io.outpost.toolkit.project.ApiSource;
import io.outpost.toolkit.project.ProjectFiles;
import io.outpost.toolkit.project.TextFiles;
import io.outpost.toolkit.validate.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a definition file before {@code init -a} or {@code api add} copies it into a project. */
final class ApiFiles {
    private ApiFiles() {}

    /**
     * The file's bytes (copied as they are) when it is a readable OpenAPI/Swagger definition;
     * otherwise prints why and throws. Project-dependent checks (tiers, base paths) are left to
     * {@code validate}.
     */
    static byte[] checkReadable(Path file, ToolkitCommand command) throws UserException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + ": no such file", "pass the path of an OpenAPI or Swagger definition");
        }
        String fileName = file.getFileName().toString();
        if (!ProjectFiles.isApiFile(fileName)) {
            throw new UserException(file + ": a definition file must end in .yaml, .yml or .json",
                    "rename it; other files in apis/ are not read");
        }
        String text = TextFiles.readUtf8(file);
        if (text == null) {
            throw new UserException(file + ": not valid UTF-8 text", "save the file as UTF-8");
        }
        Diagnostics diagnostics = new Diagnostics();
        DefinitionParser.parse(new ApiSource(fileName, file.toString(), text), diagnostics);
        if (diagnostics.hasErrors()) {
            command.print(diagnostics);
            throw new UserException(file + " is not a usable OpenAPI or Swagger definition (" + diagnostics.summary() + ")", null);
        }
        return Files.readAllBytes(file);
    }
}
