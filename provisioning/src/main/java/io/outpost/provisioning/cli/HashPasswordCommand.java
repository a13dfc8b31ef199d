package io.outpost.provisioning.cli;

import io.outpost.provisioning.credentials.HashPassword;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code outpost hash-password} on a device: the toolkit's command, from the same {@link HashPassword}. */
@Command(name = HashPassword.NAME, mixinStandardHelpOptions = true, versionProvider = RootVersion.class,
        description = {HashPassword.DESCRIPTION_PASSWORD, HashPassword.DESCRIPTION_API_KEY})
final class HashPasswordCommand extends ProvisionCommandBase {
    @Mixin
    HashPassword hash;

    @Override
    int run() throws Exception {
        try {
            hash.run(out(), err());
            return 0;
        } catch (HashPassword.Refused e) {
            return fail(e.getMessage(), e.hint(), e.exitCode());
        }
    }
}
