package io.outpost.toolkit.migrate;

import java.util.List;

/** micro-gw.conf cannot be read, is not TOML, or holds a value of the wrong type: every problem as FILE:LINE: message. */
public final class InvalidConfException extends Exception {
    private final List<String> problems;

    public InvalidConfException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
