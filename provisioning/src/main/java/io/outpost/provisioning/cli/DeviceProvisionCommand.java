package io.outpost.provisioning.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code outpost provision} on a device: only what a device runs (no authority, no bundle making). */
@Command(name = "provision", mixinStandardHelpOptions = true, versionProvider = RootVersion.class,
        description = "Provision this device: make its key and request, inspect and install a bundle (docs/device.md).",
        subcommands = {CsrCommand.class, InspectCommand.class, InstallCommand.class})
public final class DeviceProvisionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: csr, inspect or install");
    }
}
