package io.outpost.toolkit.cli;

import io.outpost.provisioning.credentials.HashPassword;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code outpost hash-password} in the toolkit: the options and the work are {@link HashPassword}'s,
 * the one implementation the device CLI runs too (docs/security.md, docs/device.md).
 */
@Command(name = HashPassword.NAME, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {HashPassword.DESCRIPTION_PASSWORD, HashPassword.DESCRIPTION_API_KEY})
public final class HashPasswordCommand extends ToolkitCommand {
    @Mixin
    HashPassword hash;

    @Override
    protected int run() throws UserException, IOException {
        try {
            hash.run(out(), err());
            return 0;
        } catch (HashPassword.Refused e) {
            throw new UserException(e.getMessage(), e.hint(), e.exitCode());
        }
    }
}
