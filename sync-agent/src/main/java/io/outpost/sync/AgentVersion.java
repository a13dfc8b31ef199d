package io.outpost.sync;

import io.outpost.common.BuildInfo;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code outpost sync --version} and {@code outpost mgmt --version}: the one format every entry point prints
 * (BuildInfo). The component is the root command's last word, "sync" or "mgmt".
 */
public final class AgentVersion implements IVersionProvider {
    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        String root = spec.root().name();
        return new String[] {BuildInfo.versionLine(root.substring(root.lastIndexOf(' ') + 1))};
    }
}
