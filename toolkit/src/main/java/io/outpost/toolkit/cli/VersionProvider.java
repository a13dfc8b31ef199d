package io.outpost.toolkit.cli;

import io.outpost.common.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} of the toolkit and its subcommands: the one format every entry point prints (BuildInfo). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {BuildInfo.versionLine("toolkit")};
    }
}
