package io.outpost.toolkit.cli;

/**
 * A problem the user can fix (bad argument, missing file, refused overwrite): printed as a
 * message with an optional hint, never as a stack trace.
 */
public class UserException extends Exception {
    /** Wrong arguments, the picocli convention. */
    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    private final int exitCode;
    private final String hint;

    public UserException(String message, String hint, int exitCode) {
        super(message);
        this.hint = hint;
        this.exitCode = exitCode;
    }

    public UserException(String message, String hint) {
        this(message, hint, FAILURE);
    }

    public int exitCode() {
        return exitCode;
    }

    public String hint() {
        return hint;
    }
}
