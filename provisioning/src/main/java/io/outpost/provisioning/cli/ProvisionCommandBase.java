package io.outpost.provisioning.cli;

import io.outpost.common.signing.KeyException;
import io.outpost.provisioning.ProvisioningException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the provision commands: output through picocli's writers, refusals as a message, a hint and exit 1 (2 for a usage error). */
abstract class ProvisionCommandBase implements Callable<Integer> {
    static final int FAILURE = 1;

    @Spec
    CommandSpec spec;

    abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (ProvisioningException e) {
            return fail(e.getMessage(), e.hint(), FAILURE);
        } catch (KeyException e) {
            return fail(e.getMessage(), null, FAILURE);
        } catch (NoSuchFileException e) {
            return fail(e.getMessage() + ": no such file or directory", null, FAILURE);
        } catch (IOException e) {
            return fail(e.getMessage() == null ? e.toString() : e.getMessage(), null, FAILURE);
        }
    }

    /** The refusal on stderr; returns {@code exitCode} (2 for a usage error, 1 otherwise). */
    int fail(String message, String hint, int exitCode) {
        err().println("error: " + message);
        if (hint != null) {
            err().println("  hint: " + hint);
        }
        err().flush();
        return exitCode;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
