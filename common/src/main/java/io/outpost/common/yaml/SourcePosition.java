package io.outpost.common.yaml;

/** A place in a source file, 1-based, for messages of the form {@code file:line:column}. */
public record SourcePosition(String file, int line, int column) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
