package io.outpost.common.yaml;

import java.util.List;

/** A configuration file refused: every problem, each as {@code FILE:LINE:COL: key: reason}. */
public class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
