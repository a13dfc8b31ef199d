package io.outpost.gateway.config;

import java.util.List;

/** A configuration the gateway refuses to start with: every problem, each with file, line and key. */
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
