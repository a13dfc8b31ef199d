package io.outpost.common.yaml;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one error format of every Outpost command (toolkit, gateway, agent): {@code FILE:LINE:COL: error: MESSAGE},
 * then {@code   hint: FIX} on its own line when the fix is not in the message. Editors and CI annotators read the
 * first line; docs/cli.md shows it.
 */
public final class ErrorFormat {
    // A ConfigException problem: "FILE:LINE:COL: key: reason", or "FILE: reason" when there is no line (missing file).
    private static final Pattern POSITIONED = Pattern.compile("(?s)(.+?:\\d+:\\d+): (.*)");
    private static final Pattern FILE_ONLY = Pattern.compile("(?s)([^\\s:]+): (.*)");
    private static final Pattern FORMATTED = Pattern.compile("(?s)\\S[^\\n]*?: (error|warning): .*");

    private ErrorFormat() {}

    /** {@code WHERE: SEVERITY: MESSAGE} and an optional hint line; a multi-line hint (a YAML snippet) stays aligned. */
    public static String format(String where, String severity, String message, String hint) {
        StringBuilder line = new StringBuilder().append(where).append(": ").append(severity).append(": ").append(message);
        if (hint != null && !hint.isBlank()) {
            line.append(System.lineSeparator()).append("  hint: ")
                    .append(hint.replace("\n", System.lineSeparator() + "        "));
        }
        return line.toString();
    }

    /** A problem of a {@link ConfigException} ({@code FILE:LINE:COL: key: reason}) in the one format. */
    public static String error(String problem) {
        if (FORMATTED.matcher(problem).matches()) {
            return problem;
        }
        Matcher m = POSITIONED.matcher(problem);
        if (m.matches() || (m = FILE_ONLY.matcher(problem)).matches()) {
            return m.group(1) + ": error: " + m.group(2);
        }
        return "error: " + problem;
    }

    /**
     * A warning about configuration as one line: at its position in the one format
     * ({@code FILE:LINE:COL: warning: key: reason}) when it has one, else {@code PROGRAM: warning: MESSAGE}.
     */
    public static String warning(String program, String problem) {
        if (FORMATTED.matcher(problem).matches()) {
            return problem;
        }
        Matcher m = POSITIONED.matcher(problem);
        return m.matches() ? m.group(1) + ": warning: " + m.group(2) : program + ": warning: " + problem;
    }

    /** Every problem of a refused file, each in the one format. */
    public static List<String> errors(ConfigException e) {
        return e.problems().stream().map(ErrorFormat::error).toList();
    }

    /** Whether a line is already in the one format (printed as it is, never behind a prefix). */
    public static boolean isFormatted(String line) {
        return FORMATTED.matcher(line).matches();
    }
}
