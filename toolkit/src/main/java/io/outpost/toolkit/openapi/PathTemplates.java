package io.outpost.toolkit.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OpenAPI path templates such as {@code /pet/{petId}}. */
final class PathTemplates {
    private static final Pattern PARAMETER = Pattern.compile("\\{([^{}/]+)}");

    private PathTemplates() {}

    /** What is wrong with the template's syntax, or null. */
    static String problem(String template) {
        if (!template.startsWith("/")) {
            return "must start with '/'";
        }
        String withoutParameters = PARAMETER.matcher(template).replaceAll("");
        if (withoutParameters.contains("{") || withoutParameters.contains("}")) {
            return "has an unbalanced or empty '{…}' parameter";
        }
        if (template.contains("?") || template.contains("#")) {
            return "must not contain a query or fragment";
        }
        List<String> names = parameters(template);
        if (names.stream().distinct().count() != names.size()) {
            return "names the same parameter twice";
        }
        return null;
    }

    static List<String> parameters(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** {@code /a/{x}} and {@code /a/{y}} match the same requests: they share this shape. */
    static String shape(String template) {
        return PARAMETER.matcher(template).replaceAll("{}");
    }
}
