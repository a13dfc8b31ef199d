package io.outpost.toolkit.migrate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.outpost.common.yaml.ConfigException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A WSO2 Microgateway 3.x {@code micro-gw.conf} (TOML), read whole, with the line of every table and
 * key; the migration's notes and the problems of values that cannot be carried over (a port that is
 * not a number, say) are collected here, each with its line, as FILE:LINE: error: MESSAGE.
 */
public final class MicroGwConf {
    private final String name;
    private final ConfLines lines;
    private final Table root;
    private final List<String> problems = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();

    private MicroGwConf(String name, String text, ObjectNode root) {
        this.name = name;
        this.lines = ConfLines.of(text);
        this.root = new Table(this, "", "", root);
    }

    /** @throws ConfigException when the file is missing, unreadable, not UTF-8 or not TOML, naming file and line */
    public static MicroGwConf read(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(name + ": error: no such file"));
        } catch (AccessDeniedException e) {
            throw new ConfigException(List.of(name + ": error: permission denied"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(name + ": error: not UTF-8 text (a micro-gw.conf is TOML)"));
        } catch (IOException e) {
            throw new ConfigException(List.of(name + ": error: cannot read: " + e.getMessage()));
        }
        JsonNode tree;
        try {
            tree = new TomlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? name : name + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new ConfigException(List.of(where + ": error: not valid TOML: " + e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(List.of(name + ": error: not a micro-gw.conf (no TOML tables)"));
        }
        return new MicroGwConf(name, text, (ObjectNode) tree);
    }

    public String name() {
        return name;
    }

    public Table root() {
        return root;
    }

    int line(String path) {
        return lines.line(path);
    }

    void note(Note.Kind kind, int line, String text) {
        notes.add(new Note(kind, line, text));
    }

    void problem(int line, String message) {
        problems.add(name + (line > 0 ? ":" + line : "") + ": error: " + message);
    }

    /** The notes in the order of the file's lines (those about the file as a whole first). */
    public List<Note> notes() {
        List<Note> sorted = new ArrayList<>(notes);
        sorted.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return sorted;
    }

    public void failIfProblems() throws ConfigException {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
