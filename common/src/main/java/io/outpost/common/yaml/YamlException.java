package io.outpost.common.yaml;

/** A file that is not well-formed YAML/JSON, with where it broke. */
public class YamlException extends Exception {
    private final SourcePosition position;

    public YamlException(SourcePosition position, String message) {
        super(position + ": " + message);
        this.position = position;
    }

    public SourcePosition position() {
        return position;
    }
}
