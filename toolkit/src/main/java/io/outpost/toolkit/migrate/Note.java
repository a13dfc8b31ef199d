package io.outpost.toolkit.migrate;

/**
 * One line on stderr about something micro-gw.conf says that the YAML does not carry as it was:
 * a file to export, a weaker or different behaviour, or a setting left out and where it lives now.
 *
 * @param line the line of the conf it is about (0: the file as a whole)
 */
public record Note(Kind kind, int line, String text) {
    public enum Kind {
        /** A file the YAML refers to that does not exist yet: the command that makes it. */
        EXPORT("export"),
        /** Carried over, but weaker than it should be or not quite as WSO2 did it. */
        WARNING("warning"),
        /** Carried over; how it works in Outpost differs in a way worth knowing. */
        NOTE("note"),
        /** Not carried over: why, and where it is configured in Outpost if anywhere. */
        SKIPPED("not carried over");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** {@code FILE:LINE: kind: text}, the shape of validate's diagnostics. */
    public String format(String file) {
        return file + (line > 0 ? ":" + line : "") + ": " + kind.label() + ": " + text;
    }
}
