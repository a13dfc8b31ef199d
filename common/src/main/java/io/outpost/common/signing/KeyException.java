package io.outpost.common.signing;

/** A key file that cannot be used, with the file and the reason. */
public class KeyException extends Exception {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
