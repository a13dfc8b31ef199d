package io.outpost.common.bundle.content;

import java.util.List;

/**
 * A bundle's content does not have its type's shape (docs/management-api.yaml). Every problem
 * names the field it is about, e.g. {@code [2].sha256: must be 64 hexadecimal digits}.
 */
public final class InvalidContentException extends IllegalArgumentException {
    private final List<String> problems;

    InvalidContentException(String type, List<String> problems) {
        super(type + " content: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
