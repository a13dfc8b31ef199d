package io.outpost.toolkit.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one migration works on: the conf, the YAML being built (listeners first, then security, in
 * the order gateway.yaml's documentation lists them) and the export notes. Each section of the conf
 * is read through one {@link Table}, kept here so that the keys nobody read can be named at the end.
 */
final class Migration {
    final MicroGwConf conf;
    final Exports exports;
    final YamlNode.Mapping yaml = new YamlNode.Mapping();
    private final Map<String, Table> sections = new HashMap<>();
    private final List<Table> swept = new ArrayList<>();

    Migration(MicroGwConf conf, Exports exports) {
        this.conf = conf;
        this.exports = exports;
    }

    /** A top-level table, or null when the conf has none. */
    Table section(String name) {
        return sections.computeIfAbsent(name, n -> conf.root().table(n));
    }

    /** A table below a section ({@code apikey.tokenConfigs}...), null when absent. */
    Table section(String name, String sub) {
        Table parent = section(name);
        return parent == null ? null : sections.computeIfAbsent(name + "." + sub, n -> parent.table(sub));
    }

    YamlNode.Mapping listeners() {
        return yaml.child("listeners");
    }

    YamlNode.Mapping security() {
        return yaml.child("security");
    }

    /** The truststore WSO2 looked certificate aliases up in: listenerConfig's, else its default. */
    String truststore() {
        Table listener = section("listenerConfig");
        String path = listener == null ? null : listener.text("trustStorePath");
        return path != null ? path : Exports.DEFAULT_TRUSTSTORE;
    }

    /** Names, at the end, every key of {@code t} that no mapping read (each as not carried over). */
    void sweep(Table t) {
        if (t != null) {
            swept.add(t);
        }
    }

    void noteUnread() {
        for (Table t : swept) {
            for (String key : t.unread()) {
                t.note(Note.Kind.SKIPPED, key, t.label(key) + ": not a setting Outpost knows; nothing carries it over");
            }
        }
    }
}
