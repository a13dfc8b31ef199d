package io.outpost.provisioning.cli;

import io.outpost.common.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** The device CLI's {@code --version}: the one format every entry point prints (BuildInfo). */
public final class DeviceVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {BuildInfo.versionLine("device")};
    }
}
