package io.outpost.toolkit.migrate;

import io.outpost.common.yaml.ConfigException;
import java.util.List;

/**
 * Turns a Microgateway 3.x micro-gw.conf into the {@code listeners:} and {@code security:} part of
 * gateway.yaml (docs/security.md, "Coming from WSO2 Microgateway"), with a note for everything it
 * could not carry over as it was.
 */
public final class ConfMigrator {
    /**
     * @param yaml  the gateway.yaml part, with comments
     * @param notes one line each: files to export, weaker or different behaviour, what was left out and where it lives
     */
    public record Result(String yaml, List<Note> notes) {}

    private ConfMigrator() {}

    /**
     * @param keysDir where the export commands write the PEM files the YAML names {@code keys/...}:
     *                "keys" when the YAML is printed, the output file's folder + "/keys" otherwise
     * @throws ConfigException when a value that would be carried over has the wrong type, naming each line
     */
    public static Result migrate(MicroGwConf conf, String keysDir) throws ConfigException {
        Migration m = new Migration(conf, new Exports(keysDir));
        // In the order gateway.yaml lists them: listeners, then security's sections.
        ListenerMigration.migrate(m);
        AuthMigration.migrate(m);
        JwtMigration.migrate(m);
        ApiKeyMigration.migrate(m);
        BasicMigration.migrate(m);
        MutualTlsMigration.migrate(m);
        Elsewhere.note(m);
        m.noteUnread();
        for (String variable : m.exports.variables()) {
            String[] nameAndBallerina = variable.split("=", 2);
            conf.note(Note.Kind.NOTE, 0, "the export commands read $" + nameAndBallerina[0] + ": set it to the folder "
                    + nameAndBallerina[1] + " stood for, on the machine that has the Microgateway's keystores");
        }
        conf.failIfProblems();
        List<String> header = List.of(
                "listeners and security for gateway.yaml, migrated from " + conf.name() + " (WSO2 Microgateway 3.x)",
                "by `outpost migrate-config`: merge them into gateway.yaml (docs/security.md, \"Coming from WSO2 Microgateway\").",
                "The files under keys/ (next to gateway.yaml) do not exist yet: each export note on stderr gives the command",
                "that makes one; the other notes name what was not carried over, and why.");
        return new Result(YamlWriter.write(header, m.yaml), conf.notes());
    }
}
