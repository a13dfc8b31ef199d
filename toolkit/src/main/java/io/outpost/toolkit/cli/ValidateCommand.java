package io.outpost.toolkit.cli;

import io.outpost.toolkit.build.CompiledProject;
import io.outpost.toolkit.build.ProjectCompiler;
import io.outpost.toolkit.validate.Diagnostics;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Check a project and report every problem at once as FILE:LINE:COL: error|warning: MESSAGE.",
                "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage errors."})
public final class ValidateCommand extends ToolkitCommand {
    @Parameters(index = "0", paramLabel = "PROJECT", description = "the project folder (holding outpost.yaml)")
    Path project;

    @Override
    protected int run() throws UserException, IOException {
        projectDir(project);
        Diagnostics diagnostics = new Diagnostics();
        CompiledProject compiled = ProjectCompiler.compile(project, diagnostics);
        print(diagnostics);
        if (diagnostics.hasErrors()) {
            err().println("validation failed: " + diagnostics.summary());
            return UserException.FAILURE;
        }
        out().println(project + ": valid, " + compiled.apis().size() + " API" + (compiled.apis().size() == 1 ? "" : "s")
                + " (" + diagnostics.summary() + ")");
        return 0;
    }
}
