package io.outpost.gateway.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAPI path template ({@code /pet/{petId}}, {@code /files/{name}.{ext}}, WSO2's trailing
 * {@code /*}) matched against decoded segments. Specificity orders overlapping templates: a literal
 * segment beats a partly templated one, which beats a whole-segment parameter, which beats '*'.
 */
public final class PathTemplate {
    private static final int WILDCARD = 0;
    private static final int PARAMETER = 1;
    private static final int PARTIAL = 2;
    private static final int LITERAL = 3;
    private static final Pattern PARAM = Pattern.compile("\\{([^{}/]+)}");

    private final String template;
    private final List<Segment> segments;

    private record Segment(int kind, String literal, String name, Pattern pattern, List<String> names) {}

    public PathTemplate(String template) {
        this.template = template;
        List<Segment> parsed = new ArrayList<>();
        String[] parts = template.split("/");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals("*") && i == parts.length - 1) {
                parsed.add(new Segment(WILDCARD, null, null, null, List.of()));
                continue;
            }
            Matcher m = PARAM.matcher(part);
            if (m.matches()) {
                parsed.add(new Segment(PARAMETER, null, m.group(1), null, List.of()));
            } else if (m.reset().find()) {
                StringBuilder regex = new StringBuilder();
                List<String> names = new ArrayList<>();
                int last = 0;
                m.reset();
                while (m.find()) {
                    regex.append(Pattern.quote(part.substring(last, m.start()))).append("(.+?)");
                    names.add(m.group(1));
                    last = m.end();
                }
                regex.append(Pattern.quote(part.substring(last)));
                parsed.add(new Segment(PARTIAL, null, null, Pattern.compile(regex.toString()), names));
            } else {
                parsed.add(new Segment(LITERAL, part, null, null, List.of()));
            }
        }
        this.segments = List.copyOf(parsed);
    }

    public String template() {
        return template;
    }

    /** Path parameters by name when {@code path} (already without the base path) matches, else null. */
    public Map<String, String> match(List<String> path) {
        boolean wildcard = !segments.isEmpty() && segments.get(segments.size() - 1).kind == WILDCARD;
        int fixed = wildcard ? segments.size() - 1 : segments.size();
        if (wildcard ? path.size() < fixed : path.size() != fixed) {
            return null;
        }
        Map<String, String> params = null; // most paths have no parameters: no map for them
        for (int i = 0; i < fixed; i++) {
            Segment s = segments.get(i);
            String actual = path.get(i);
            switch (s.kind) {
                case LITERAL -> {
                    if (!s.literal.equals(actual)) {
                        return null;
                    }
                }
                case PARAMETER -> params = put(params, s.name, actual);
                case PARTIAL -> {
                    Matcher m = s.pattern.matcher(actual);
                    if (!m.matches()) {
                        return null;
                    }
                    for (int g = 0; g < s.names.size(); g++) {
                        params = put(params, s.names.get(g), m.group(g + 1));
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return params == null ? Map.of() : params;
    }

    private static Map<String, String> put(Map<String, String> params, String name, String value) {
        Map<String, String> into = params == null ? new LinkedHashMap<>() : params;
        into.put(name, value);
        return into;
    }

    /** Positive when this template is more specific than {@code other}. */
    public int compareSpecificity(PathTemplate other) {
        int n = Math.min(segments.size(), other.segments.size());
        for (int i = 0; i < n; i++) {
            int diff = segments.get(i).kind - other.segments.get(i).kind;
            if (diff != 0) {
                return diff;
            }
        }
        return segments.size() - other.segments.size();
    }
}
