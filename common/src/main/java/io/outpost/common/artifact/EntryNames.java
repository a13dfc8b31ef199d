package io.outpost.common.artifact;

/** Entry names an artifact may hold: relative, forward-slash, no dot segments, no control characters. */
final class EntryNames {
    private EntryNames() {}

    static String problem(String name) {
        if (name.isEmpty() || name.length() > 1024) {
            return "empty or overlong entry name";
        }
        if (name.startsWith("/") || name.endsWith("/") || name.contains("\\") || name.contains("//")) {
            return "entry name '" + name + "' is not a relative file path";
        }
        for (String segment : name.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return "entry name '" + name + "' contains a dot segment";
            }
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "entry name contains a control character";
        }
        return null;
    }

    static void requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
