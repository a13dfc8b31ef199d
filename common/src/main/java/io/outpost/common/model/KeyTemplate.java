package io.outpost.common.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The key of a custom policy: variables joined by ':' as WSO2 writes them ({@code $userId:$apiContext}).
 * {@code $header:NAME} and {@code $claim:NAME} carry a name, which may itself hold ':' (claim URIs
 * such as {@code http://wso2.org/claims/enduser} do): a part ends only where ':' is followed by '$'.
 */
public record KeyTemplate(List<Part> parts) {

    public enum Variable {
        USER_ID("$userId"), APP_ID("$appId"), API_CONTEXT("$apiContext"), API_VERSION("$apiVersion"),
        CLIENT_IP("$clientIp"), HEADER("$header"), CLAIM("$claim");

        private final String spelling;

        Variable(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }

        /** Whether it is written {@code $variable:NAME}. */
        public boolean takesName() {
            return this == HEADER || this == CLAIM;
        }

        public static Optional<Variable> of(String spelling) {
            return Arrays.stream(values()).filter(v -> v.spelling.equals(spelling)).findFirst();
        }
    }

    /** @param name the header or claim name of $header / $claim, else null */
    public record Part(Variable variable, String name) {}

    /** The parts as written, before any check. */
    public static List<String> split(String key) {
        return List.of(key.split(":(?=\\$)", -1));
    }

    /** One part as written. @throws IllegalArgumentException saying what is wrong with it */
    public static Part part(String text) {
        int colon = text.indexOf(':');
        String spelling = colon < 0 ? text : text.substring(0, colon);
        Variable variable = Variable.of(spelling).orElseThrow(() -> new IllegalArgumentException(
                "'" + spelling + "' is not a key variable"));
        if (!variable.takesName()) {
            if (colon >= 0) {
                throw new IllegalArgumentException("'" + text + "': " + spelling + " takes no name");
            }
            return new Part(variable, null);
        }
        String name = colon < 0 ? "" : text.substring(colon + 1);
        if (name.isBlank()) {
            throw new IllegalArgumentException("'" + text + "': write " + spelling + ":NAME");
        }
        return new Part(variable, name);
    }

    /** @throws IllegalArgumentException if {@code key} is not a valid template */
    public static List<Part> parse(String key) {
        List<Part> parts = new ArrayList<>();
        for (String text : split(key)) {
            parts.add(part(text));
        }
        return List.copyOf(parts);
    }
}
