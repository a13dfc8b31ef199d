package io.outpost.toolkit.cli;

import io.outpost.common.io.AtomicFiles;
import io.outpost.common.yaml.ConfigException;
import io.outpost.toolkit.migrate.ConfMigrator;
import io.outpost.toolkit.migrate.MicroGwConf;
import io.outpost.toolkit.migrate.Note;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "migrate-config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Turn a WSO2 Microgateway 3.x micro-gw.conf into the listeners and security part of gateway.yaml.",
                "The YAML goes to stdout (or --out); stderr names, one line each, every file to export from a keystore",
                "(with its command) and everything not carried over, and why.",
                "Exit status: 0 converted (notes allowed), 2 usage errors, 3 unreadable or invalid micro-gw.conf."})
public final class MigrateConfigCommand extends ToolkitCommand {
    /** The conf could not be read or holds a value of the wrong type. */
    static final int INVALID_INPUT = 3;

    @Parameters(index = "0", paramLabel = "FILE", description = "the micro-gw.conf to migrate")
    Path conf;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write the YAML here instead of stdout; "
            + "the export commands then write under this file's folder (keys/)")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Override
    protected int run() throws UserException, IOException {
        if (out != null && Files.exists(out) && !force) {
            throw new UserException(out + ": already exists", "pass --force to replace it, or another --out", UserException.USAGE);
        }
        ConfMigrator.Result result;
        try {
            result = ConfMigrator.migrate(MicroGwConf.read(conf), keysDir());
        } catch (ConfigException e) {
            e.problems().forEach(err()::println);
            err().println("migration failed: " + conf + " was not converted");
            err().flush();
            return INVALID_INPUT;
        }
        for (Note note : result.notes()) {
            err().println(note.format(conf.toString()));
        }
        if (out == null) {
            out().print(result.yaml());
            out().flush();
        } else {
            AtomicFiles.write(out, result.yaml().getBytes(StandardCharsets.UTF_8));
        }
        long exports = result.notes().stream().filter(n -> n.kind() == Note.Kind.EXPORT).count();
        err().println("migrated " + conf + (out == null ? "" : " to " + out) + ": " + result.notes().size() + " notes, "
                + exports + " file" + (exports == 1 ? "" : "s") + " to export before the gateway can start");
        err().flush();
        return 0;
    }

    /** Where the export commands write: keys/ beside --out, or beside gateway.yaml in the current folder. */
    private String keysDir() {
        Path parent = out == null ? null : out.getParent();
        return parent == null ? "keys" : parent.resolve("keys").toString();
    }
}
