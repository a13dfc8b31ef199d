package io.outpost.toolkit.cli;

import io.outpost.common.signing.KeyException;
import io.outpost.toolkit.validate.Diagnostic;
import io.outpost.toolkit.validate.Diagnostics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every subcommand: output through picocli's writers (so tests can capture it) and one
 * place that turns expected failures into a message and an exit code instead of a stack trace.
 * Unexpected exceptions (bugs) still reach picocli, which prints the trace.
 */
public abstract class ToolkitCommand implements Callable<Integer> {
    /** Protected so that subcommands in other packages (e.g. quickstart) can reach their parent. */
    @Spec
    protected CommandSpec spec;

    protected abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (UserException e) {
            printError(e.getMessage(), e.hint());
            return e.exitCode();
        } catch (KeyException e) {
            printError(e.getMessage(), null);
            return UserException.FAILURE;
        } catch (IOException e) {
            printError(describe(e), null);
            return UserException.FAILURE;
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private void printError(String message, String hint) {
        err().println("error: " + message);
        if (hint != null) {
            err().println("  hint: " + hint);
        }
        err().flush();
    }

    protected void print(Diagnostics diagnostics) {
        for (Diagnostic d : diagnostics.sorted()) {
            err().println(d.format());
        }
        err().flush();
    }

    /** The project directory argument: a usage error (exit 2) when it is not a directory. */
    protected static Path projectDir(Path dir) throws UserException {
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"),
                    "pass the folder that holds outpost.yaml", UserException.USAGE);
        }
        return dir;
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + ": already exists";
        }
        if (e instanceof NotDirectoryException) {
            return e.getMessage() + ": not a directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
