package io.outpost.toolkit.migrate;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words of the shell commands the notes print, so that they can be pasted as they are. WSO2's paths
 * hold Ballerina variables ({@code ${mgw-runtime.home}}), which no shell can expand: each becomes an
 * environment variable ({@code $MGW_RUNTIME_HOME}) that the notes ask the user to set.
 */
final class Shell {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final Set<String> variables = new TreeSet<>();

    /** A word with no expansion: as it is when safe, else in single quotes. */
    static String word(String s) {
        return SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** A WSO2 path as a double-quoted word in which only its Ballerina variables expand. */
    String path(String wso2Path) {
        StringBuilder q = new StringBuilder("\"");
        Matcher m = VARIABLE.matcher(wso2Path);
        int at = 0;
        while (m.find()) {
            q.append(escape(wso2Path.substring(at, m.start())));
            String name = m.group(1).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            variables.add(name + "=" + m.group(0));
            q.append("${").append(name).append('}');
            at = m.end();
        }
        q.append(escape(wso2Path.substring(at))).append('"');
        String word = q.toString();
        // Back to a bare word when nothing in it needs quotes.
        String inner = word.substring(1, word.length() - 1);
        return SAFE.matcher(inner).matches() ? inner : word;
    }

    /** The variables used so far, as NAME=${ballerina.variable}. */
    Set<String> variables() {
        return variables;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
    }
}
