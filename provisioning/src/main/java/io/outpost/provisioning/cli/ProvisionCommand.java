package io.outpost.provisioning.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code outpost provision}: every provisioning command, for the authority's machine (the toolkit's
 * {@code outpost}). A device runs {@link DeviceProvisionCommand}, the subset it needs.
 */
@Command(name = "provision", mixinStandardHelpOptions = true, versionProvider = RootVersion.class,
        description = "Provision devices: the authority, device bundles, and installing them (docs/device.md).",
        subcommands = {AuthorityCommand.class, DeviceCommand.class, CsrCommand.class, InspectCommand.class, InstallCommand.class})
public final class ProvisionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: authority, device, csr, inspect or install");
    }
}
