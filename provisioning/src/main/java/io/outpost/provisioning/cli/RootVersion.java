package io.outpost.provisioning.cli;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand's {@code --version}: its root command's line. These commands sit under the toolkit's
 * {@code outpost provision} and the device CLI's alike, so the root decides the component
 * ({@code outpost toolkit ...} or {@code outpost device ...}), in the one format of BuildInfo.
 */
public final class RootVersion implements IVersionProvider {
    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() throws Exception {
        CommandSpec root = spec.root();
        if (root == spec) { // only ever a subcommand's provider: a root without its own has no version
            return new String[0];
        }
        return root.version();
    }
}
