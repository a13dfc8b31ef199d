package io.outpost.toolkit.cli;

import io.outpost.common.artifact.Digests;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import io.outpost.provisioning.PublisherKeyStore;
import io.outpost.toolkit.OutpostCli;
import io.outpost.toolkit.build.ArtifactBuilder;
import io.outpost.toolkit.build.CompiledProject;
import io.outpost.toolkit.build.ProjectCompiler;
import io.outpost.common.io.AtomicFiles;
import io.outpost.toolkit.project.ProjectFiles;
import io.outpost.toolkit.validate.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "build", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Validate a project and compile it into a signed artifact, by default "
                + "PROJECT/target/<name>-<version>.outpost.",
                "Signed with --sign-key, else with the publisher key under $OUTPOST_HOME (created on first use)."})
public final class BuildCommand extends ToolkitCommand {
    @ParentCommand
    OutpostCli cli;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "the project folder (holding outpost.yaml)")
    Path project;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write the artifact")
    Path output;

    @Option(names = "--sign-key", paramLabel = "FILE", description = "Ed25519 private key (JWK or PEM) to sign with")
    Path signKey;

    @Override
    protected int run() throws UserException, IOException, KeyException {
        projectDir(project);
        Diagnostics diagnostics = new Diagnostics();
        CompiledProject compiled = ProjectCompiler.compile(project, diagnostics);
        print(diagnostics);
        if (diagnostics.hasErrors()) {
            err().println("build failed: " + diagnostics.summary());
            return UserException.FAILURE;
        }
        Signer signer = signer();
        byte[] artifact = ArtifactBuilder.build(compiled, signer.key());
        Path target = output != null ? output
                : project.resolve(ProjectFiles.TARGET_DIR).resolve(ArtifactBuilder.defaultFileName(compiled));
        AtomicFiles.write(target, artifact);

        out().println("built " + target);
        out().println("  sha256:    " + Digests.sha256Hex(artifact));
        out().println("  signed by: " + signer.key().thumbprint() + " (" + signer.source() + ")");
        if (signer.created()) {
            out().println("created a new publisher key: " + signer.source() + " (keep it private)");
            out().println("gateways must trust its public half: copy " + signer.publicFile()
                    + " to each device and list it in gateway.yaml under trust.publisherKeys");
        }
        return 0;
    }

    private record Signer(Ed25519Key key, String source, boolean created, Path publicFile) {}

    private Signer signer() throws UserException, IOException, KeyException {
        if (signKey != null) {
            if (!Files.isRegularFile(signKey)) {
                throw new UserException(signKey + ": no such key file", "pass an Ed25519 private key as JWK or PEM", UserException.USAGE);
            }
            Ed25519Key key = Ed25519Key.read(signKey);
            if (!key.isPrivate()) {
                throw new UserException(signKey + " holds only a public key; signing needs the private key", null);
            }
            return new Signer(key, signKey.toString(), false, null);
        }
        PublisherKeyStore store = new PublisherKeyStore(cli.outpostHome());
        PublisherKeyStore.Loaded loaded = store.loadOrCreate();
        return new Signer(loaded.key(), store.privateKeyFile().toString(), loaded.created(), store.publicKeyFile());
    }
}
